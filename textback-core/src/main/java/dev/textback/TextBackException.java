package dev.textback;

import java.util.Optional;

/**
 * Root of every unchecked exception textback throws. Carrier-facing subtypes carry the carrier name,
 * HTTP status, carrier error code and request id, and {@link #getMessage()} appends them so one log line
 * tells the whole story.
 */
public class TextBackException extends RuntimeException {
  private final String carrier;
  private final int httpStatus;
  private final String carrierCode;
  private final String requestId;

  public TextBackException(String message) {
    this(message, null, null, 0, null, null);
  }

  public TextBackException(String message, Throwable cause) {
    this(message, cause, null, 0, null, null);
  }

  /**
   * @param carrier carrier name, or null when not carrier related
   * @param httpStatus HTTP status, 0 when there was no response
   * @param carrierCode the carrier's own error code, or null
   * @param requestId the carrier's request id, or null
   */
  public TextBackException(String message, Throwable cause, String carrier, int httpStatus,
      String carrierCode, String requestId) {
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
