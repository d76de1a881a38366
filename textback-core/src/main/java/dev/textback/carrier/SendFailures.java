package dev.textback.carrier;

import org.jspecify.annotations.Nullable;
import dev.textback.phone.CarrierId;
import dev.textback.message.PermanentFailureReason;
import dev.textback.spi.SendException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a carrier API's refusal into core's send exceptions, the same way for every carrier:
 *
 * <ul>
 *   <li>5xx → retriable and flagged as possibly accepted (the request reached the carrier), whatever code its
 *       body names, with the carrier's Retry-After (or else the wait the table names for the code);
 *   <li>429, 408, or a code the table calls retriable → retriable, not sent, with the carrier's Retry-After (or
 *       else the wait the table names for the code);
 *   <li>a redirect, a 404 without a carrier code, or a code the table calls a misconfiguration → retriable,
 *       not sent, logged as a configuration problem: fixing the URL or account sends what waited;
 *   <li>anything else → refused for good, with the table's reason, else {@code AUTH} for 401/403, else
 *       {@code OTHER}.
 * </ul>
 *
 * The adapter supplies only its {@link ErrorCodes} table and how to read its error body. Immutable and
 * thread-safe.
 */
public final class SendFailures {
  private static final Logger log = LoggerFactory.getLogger(SendFailures.class);

  private final CarrierId carrier;
  private final String displayName;
  private final ErrorCodes codes;
  private final ErrorBodyReader reader;
  private final @Nullable String requestIdHeader;
  private final Clock clock;

  /** Reads a carrier's error body; returns {@link CarrierError#none()} for anything that is not the carrier's. */
  @FunctionalInterface
  public interface ErrorBodyReader {
    CarrierError read(String body);
  }

  private SendFailures(Builder b) {
    this.carrier = b.carrier;
    this.displayName = b.displayName;
    this.codes = Objects.requireNonNull(b.codes, "codes(...) is required");
    this.reader = Objects.requireNonNull(b.reader, "errorBody(...) is required");
    this.requestIdHeader = b.requestIdHeader;
    this.clock = b.clock;
  }

  public static Builder builder(CarrierId carrier) {
    return new Builder(carrier);
  }

  /** The error-code table this classifier reads, for delivery receipts that carry the same codes. */
  public ErrorCodes codes() {
    return codes;
  }

  /** The exception for a reply that was not a success. */
  public SendException classify(HttpReply reply) {
    int status = reply.status();
    CarrierError error = read(reply.body());
    // Read leniently by the HTTP client, so escaped before it reaches a log line or the exception's message.
    String requestId = requestIdHeader == null ? null : reply.header(requestIdHeader).map(LogText::escape).orElse(null);
    Duration retryAfter = RetryAfter.parse(reply.header("Retry-After").orElse(null), clock.instant())
        .or(() -> codes.retryDelay(error.code())).orElse(null);
    SendException.Builder failure = SendException.builder(carrier, displayName + " refused the text" + error.describe())
        .httpStatus(status)
        .carrierCode(error.code())
        .requestId(requestId)
        .retryAfter(retryAfter);
    // A 5xx came from behind the carrier's front door: whatever code its body names, the text may have gone
    // out, so it is flagged before the table is asked (the Retry-After wait still applies).
    if (status >= 500) {
      log.warn("{} answered {} (request {}); the text may have been accepted", displayName, status, requestId);
      return failure.possiblyAccepted();
    }
    // 408: the request did not get through in time (often a proxy's answer); nothing was processed.
    if (status == 429 || status == 408 || codes.isRetriable(error.code())) return failure.notSent();
    // 402 Payment Required without a code the table knows: the account's credit, which a top-up fixes.
    if (status >= 300 && status < 400 || (status == 404 || status == 402) && error.code() == null
        || status == 402 && codes.permanentReason(error.code()).isEmpty() || codes.isMisconfiguration(error.code())) {
      log.error("{} answered {} (request {}): check the API base URL and the account settings; the text is kept",
          displayName, status, requestId);
      return failure.retryAfter(null).notSent();
    }
    PermanentFailureReason reason = codes.permanentReason(error.code()).orElse(
        status == 401 || status == 403 ? PermanentFailureReason.AUTH : PermanentFailureReason.OTHER);
    return failure.permanent(reason);
  }

  private CarrierError read(String body) {
    if (body == null || body.isBlank()) return CarrierError.none();
    try {
      CarrierError e = reader.read(body);
      return e == null ? CarrierError.none() : e;
    } catch (RuntimeException unreadable) {
      return CarrierError.none();
    }
  }

  /** Builds a {@link SendFailures}. Not thread-safe. */
  public static final class Builder {
    private final CarrierId carrier;
    private String displayName;
    private @Nullable ErrorCodes codes;
    private @Nullable ErrorBodyReader reader;
    private @Nullable String requestIdHeader;
    private Clock clock = Clock.systemUTC();

    private Builder(CarrierId carrier) {
      this.carrier = Objects.requireNonNull(carrier, "carrier == null");
      this.displayName = carrier.name();
    }

    /** The carrier's name in messages, e.g. {@code Twilio}. */
    public Builder displayName(String name) {
      this.displayName = Objects.requireNonNull(name, "name == null");
      return this;
    }

    /** The carrier's error codes (required). */
    public Builder codes(ErrorCodes codes) {
      this.codes = Objects.requireNonNull(codes, "codes == null");
      return this;
    }

    /** How to read the carrier's error body (required). */
    public Builder errorBody(ErrorBodyReader reader) {
      this.reader = Objects.requireNonNull(reader, "reader == null");
      return this;
    }

    /** The response header holding the carrier's request id, e.g. {@code Twilio-Request-Id}. */
    public Builder requestIdHeader(@Nullable String name) {
      this.requestIdHeader = name;
      return this;
    }

    /** The clock a {@code Retry-After} date is measured against (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    public SendFailures build() {
      return new SendFailures(this);
    }
  }
}
