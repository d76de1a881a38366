package dev.textback.routing;

import dev.textback.TextBackException;
import org.jspecify.annotations.Nullable;

/**
 * A signed webhook ({@link CrmWebhookRouter}, {@link WebhookEscalationNotifier}) that the receiver did not
 * accept. Thrown after the last attempt: at once for a 4xx other than 429 (the receiver rejected the
 * request, so repeating it would not help), after every attempt for connection failures, 429 and 5xx.
 * {@link #httpStatus()} is the receiver's last status, 0 when no response arrived.
 */
public class WebhookDeliveryException extends TextBackException {
  private final int attempts;

  WebhookDeliveryException(String message, @Nullable Throwable cause, int httpStatus, @Nullable String requestId,
      int attempts) {
    super(message, cause, null, httpStatus, null, requestId);
    this.attempts = attempts;
  }

  /** How many requests were made before giving up (at least 1). */
  public int attempts() {
    return attempts;
  }
}
