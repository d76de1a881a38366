package dev.textback.spi;

import dev.textback.business.BusinessProfile;
import dev.textback.phone.PhoneNumber;
import java.util.Optional;

/**
 * Optional lookup of a caller in the business's CRM, for the caller's name and language. Called while a
 * call is decided, on the webhook thread: answer from local data or a cache, never over a slow network.
 * Exceptions are logged and treated as "unknown". Implementations must be thread-safe.
 */
@FunctionalInterface
public interface CallerDirectory {
  Optional<CallerInfo> lookup(BusinessProfile business, PhoneNumber caller);

  /** A directory that knows nobody. */
  static CallerDirectory none() {
    return (business, caller) -> Optional.empty();
  }
}
