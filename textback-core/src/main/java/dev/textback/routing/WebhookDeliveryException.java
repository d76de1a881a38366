package dev.textback.routing;

import dev.textback.spi.RoutingException;
import org.jspecify.annotations.Nullable;

/**
 * A signed webhook ({@link CrmWebhookRouter}, {@link WebhookEscalationNotifier}) that the receiver did not
 * accept. Thrown after the last attempt: at once for a redirect or a 4xx other than 408 and 429 (the receiver
 * rejected the request, so repeating it would not help: {@link #permanent()}), after every attempt for connection
 * failures, 408, 429 and 5xx (not permanent: the engine tries again later). {@link #httpStatus()} is the receiver's
 * last status, 0 when no response arrived.
 */
public class WebhookDeliveryException extends RoutingException {
  private final int attempts;

  WebhookDeliveryException(String message, @Nullable Throwable cause, int httpStatus, @Nullable String requestId,
      int attempts, boolean permanent) {
    super(message, cause, permanent, httpStatus, requestId);
    this.attempts = attempts;
  }

  /** How many requests were made before giving up (at least 1). */
  public int attempts() {
    return attempts;
  }
}
