package dev.textback.spi;

import org.jspecify.annotations.Nullable;
import dev.textback.message.PermanentFailureReason;
import dev.textback.TextBackException;
import dev.textback.phone.CarrierId;
import java.time.Duration;
import java.util.Objects;

/**
 * A send that did not succeed. Gateways throw one of the two subtypes, built with {@link #builder}: the
 * terminal method names what happened ({@link Builder#notSent()}, {@link Builder#possiblyAccepted()},
 * {@link Builder#permanent}), so whether a retry may deliver a second copy is never a positional boolean.
 */
public abstract class SendException extends TextBackException {
  protected SendException(Builder b) {
    super(b.message, b.cause, b.carrier.name(), b.httpStatus, b.carrierCode, b.requestId);
  }

  /**
   * Starts describing a failed send through {@code carrier}.
   *
   * @param message what went wrong, without phone numbers or message bodies
   */
  public static Builder builder(CarrierId carrier, String message) {
    return new Builder(carrier, message);
  }

  /** Describes a failed send; finish with the method that says what happened. Not thread-safe. */
  public static final class Builder {
    final CarrierId carrier;
    final String message;
    @Nullable Throwable cause;
    int httpStatus;
    @Nullable String carrierCode;
    @Nullable String requestId;
    @Nullable Duration retryAfter;

    private Builder(CarrierId carrier, String message) {
      this.carrier = Objects.requireNonNull(carrier, "carrier == null");
      this.message = Objects.requireNonNull(message, "message == null");
    }

    public Builder cause(@Nullable Throwable cause) {
      this.cause = cause;
      return this;
    }

    /** The HTTP status of the carrier's answer; leave unset (0) when no answer arrived. */
    public Builder httpStatus(int status) {
      this.httpStatus = status;
      return this;
    }

    /** The carrier's own error code, or null. */
    public Builder carrierCode(@Nullable String code) {
      this.carrierCode = code;
      return this;
    }

    /** The carrier's request id, or null. */
    public Builder requestId(@Nullable String id) {
      this.requestId = id;
      return this;
    }

    /** How long the carrier asked to wait before trying again, or null. */
    public Builder retryAfter(@Nullable Duration wait) {
      this.retryAfter = wait == null || wait.isNegative() ? null : wait;
      return this;
    }

    /** The carrier did not take the text (refused it unprocessed, or the request never left): safe to retry. */
    public RetriableSendException notSent() {
      return new RetriableSendException(this, false);
    }

    /**
     * The request reached the carrier and the answer was lost or was a server error: a retry may deliver a
     * second copy, and the engine flags it as a possible duplicate.
     */
    public RetriableSendException possiblyAccepted() {
      return new RetriableSendException(this, true);
    }

    /** The carrier refused the text for good, for {@code reason}. */
    public PermanentSendException permanent(PermanentFailureReason reason) {
      return new PermanentSendException(this, reason);
    }
  }
}
