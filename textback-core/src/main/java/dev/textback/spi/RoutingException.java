package dev.textback.spi;

import dev.textback.TextBackException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ReplyRouter} or {@link EscalationNotifier} that could not hand a reply or an escalation over, saying
 * whether another attempt may help. The engine retries a {@linkplain #permanent() non-permanent} failure with
 * backoff and gives up on a permanent one (the entry ends {@link OutboxStatus#FAILED}). Any other exception a
 * router or notifier throws counts as not permanent: it is retried.
 *
 * <p>The message is logged and kept on the outbox entry, so it must hold no phone number or message text.
 */
public class RoutingException extends TextBackException {
  private final boolean permanent;

  /**
   * @param permanent true when repeating the same request cannot succeed (the receiver rejected it), so the
   *     engine stops trying
   */
  public RoutingException(String message, @Nullable Throwable cause, boolean permanent) {
    this(message, cause, permanent, 0, null);
  }

  /**
   * @param httpStatus the receiver's HTTP status, 0 when no answer arrived
   * @param requestId the receiver's request id, or null
   */
  protected RoutingException(String message, @Nullable Throwable cause, boolean permanent, int httpStatus,
      @Nullable String requestId) {
    super(message, cause, null, httpStatus, null, requestId);
    this.permanent = permanent;
  }

  /** A failure another attempt may fix (a timeout, a 5xx, a receiver that is down). */
  public static RoutingException retriable(String message, @Nullable Throwable cause) {
    return new RoutingException(message, cause, false);
  }

  /** A failure no later attempt can fix (the receiver rejected the request for good). */
  public static RoutingException permanent(String message, @Nullable Throwable cause) {
    return new RoutingException(message, cause, true);
  }

  /** True when the engine should not try again. */
  public boolean permanent() {
    return permanent;
  }
}
