package dev.textback.spi;

import dev.textback.TextBackException;

/**
 * A unique key was taken by a concurrent transaction. Thrown inside {@link TextBackStore#inTransaction}
 * work; the store rolls back and runs the work again, which then sees the winner's row.
 */
public class DuplicateKeyException extends TextBackException {
  public DuplicateKeyException(String message) {
    super(message);
  }

  public DuplicateKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
