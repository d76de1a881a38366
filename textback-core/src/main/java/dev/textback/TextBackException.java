package dev.textback;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Root of every unchecked exception textback throws. Carrier-facing subtypes carry the carrier name,
 * HTTP status, carrier error code and request id, and {@link #getMessage()} appends them so one log line
 * tells the whole story.
 */
public class TextBackException extends RuntimeException {
  private final @Nullable String carrier;
  private final int httpStatus;
  private final @Nullable String carrierCode;
  private final @Nullable String requestId;

  public TextBackException(@Nullable String message) {
    this(message, null, null, 0, null, null);
  }

  public TextBackException(@Nullable String message, @Nullable Throwable cause) {
    this(message, cause, null, 0, null, null);
  }

  /**
   * @param carrier carrier name, or null when not carrier related
   * @param httpStatus HTTP status, 0 when there was no response
   * @param carrierCode the carrier's own error code, or null
   * @param requestId the carrier's request id, or null
   */
  public TextBackException(@Nullable String message, @Nullable Throwable cause, @Nullable String carrier,
      int httpStatus, @Nullable String carrierCode, @Nullable String requestId) {
    super(message, cause);
    this.carrier = carrier;
    this.httpStatus = httpStatus;
    this.carrierCode = carrierCode;
    this.requestId = requestId;
  }

  public Optional<String> carrier() {
    return Optional.ofNullable(carrier);
  }

  /** HTTP status of the carrier's answer; 0 when none arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  public Optional<String> carrierCode() {
    return Optional.ofNullable(carrierCode);
  }

  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  @Override
  public String getMessage() {
    StringBuilder sb = new StringBuilder(String.valueOf(super.getMessage()));
    if (carrier != null) sb.append("; carrier: ").append(carrier);
    if (httpStatus != 0) sb.append("; status: ").append(httpStatus);
    if (carrierCode != null) sb.append("; code: ").append(carrierCode);
    if (requestId != null) sb.append("; request-id: ").append(requestId);
    return sb.toString();
  }
}
