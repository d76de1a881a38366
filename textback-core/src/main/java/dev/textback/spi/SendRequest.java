package dev.textback.spi;

import dev.textback.phone.PhoneNumber;
import java.util.Objects;

/**
 * One text to send. Immutable.
 *
 * @param from the business number (always the number the caller dialled)
 * @param to the recipient
 * @param body the text, sent exactly as given
 * @param idempotencyKey stable across retries of the same text; pass it to carriers that support one
 */
public record SendRequest(PhoneNumber from, PhoneNumber to, String body, String idempotencyKey) {
  public SendRequest {
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(to, "to == null");
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
  }

  @Override
  public String toString() {
    return "SendRequest[" + from.masked() + " -> " + to.masked() + ", " + body.length() + " chars, key "
        + idempotencyKey + "]";
  }
}
