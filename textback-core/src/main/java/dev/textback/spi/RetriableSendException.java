package dev.textback.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * A send that may succeed later: rate limiting, a carrier outage, a timeout. Core retries it with backoff
 * and never drops the text.
 */
public class RetriableSendException extends SendException {
  private final Duration retryAfter;
  private final boolean mayHaveBeenAccepted;

  /**
   * @param retryAfter the carrier's Retry-After, or null
   * @param mayHaveBeenAccepted true when the request reached the carrier and the answer was lost (5xx, read
   *     timeout): a retry may then deliver a second copy
   */
  public RetriableSendException(String message, Throwable cause, String carrier, int httpStatus,
      String carrierCode, String requestId, Duration retryAfter, boolean mayHaveBeenAccepted) {
    super(message, cause, carrier, httpStatus, carrierCode, requestId);
    this.retryAfter = retryAfter;
    this.mayHaveBeenAccepted = mayHaveBeenAccepted;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public boolean mayHaveBeenAccepted() {
    return mayHaveBeenAccepted;
  }
}
