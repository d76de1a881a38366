package dev.textback.spi;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.Optional;

/**
 * A send that may succeed later: rate limiting, a carrier outage, a timeout. Core retries it with backoff
 * and never drops the text. Built with {@link SendException#builder}.
 */
public class RetriableSendException extends SendException {
  private final @Nullable Duration retryAfter;
  private final boolean mayHaveBeenAccepted;

  RetriableSendException(Builder b, boolean mayHaveBeenAccepted) {
    super(b);
    this.retryAfter = b.retryAfter;
    this.mayHaveBeenAccepted = mayHaveBeenAccepted;
  }

  /** The wait the carrier asked for, when it named one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * True when the request reached the carrier and the answer was lost (5xx, read timeout): a retry may then
   * deliver a second copy.
   */
  public boolean mayHaveBeenAccepted() {
    return mayHaveBeenAccepted;
  }
}
