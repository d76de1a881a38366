package dev.textback.spi;

import dev.textback.phone.PhoneNumber;
import java.util.Objects;
import java.util.Optional;

/**
 * One text to send. Immutable.
 *
 * @param from the business number (always the number the caller dialled)
 * @param to the recipient
 * @param body the text, sent exactly as given
 * @param idempotencyKey stable across retries of the same text; pass it to carriers that support one
 * @param statusCallbackUrl where the carrier should post delivery receipts, or null for the gateway default
 */
public record SendRequest(PhoneNumber from, PhoneNumber to, String body, String idempotencyKey,
    String statusCallbackUrl) {
  public SendRequest {
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(to, "to == null");
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
  }

  public Optional<String> statusCallback() {
    return Optional.ofNullable(statusCallbackUrl);
  }

  @Override
  public String toString() {
    return "SendRequest[" + from.masked() + " -> " + to.masked() + ", " + body.length() + " chars, key "
        + idempotencyKey + "]";
  }
}
