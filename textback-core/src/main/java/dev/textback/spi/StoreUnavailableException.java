package dev.textback.spi;

import dev.textback.TextBackException;
import org.jspecify.annotations.Nullable;

/**
 * The store could not be reached, or lost its connection, in a way a later attempt may cure: the database is
 * restarting, the network dropped, the pool had no connection to give. The work did not commit, unless the
 * connection was lost during the commit itself; the engine's decisions are keyed (call id, message id), so
 * repeating the work is safe either way. Stores throw it so that callers can tell an outage from a bug.
 */
public class StoreUnavailableException extends TextBackException {
  public StoreUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
