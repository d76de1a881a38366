package dev.textback.spi;

import dev.textback.TextBackException;

/** A send that did not succeed. Gateways throw one of the two subtypes, never this class directly. */
public abstract class SendException extends TextBackException {
  protected SendException(String message, Throwable cause, String carrier, int httpStatus, String carrierCode,
      String requestId) {
    super(message, cause, carrier, httpStatus, carrierCode, requestId);
  }
}
