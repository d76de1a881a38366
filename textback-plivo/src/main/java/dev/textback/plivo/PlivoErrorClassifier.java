package dev.textback.plivo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.textback.carrier.CarrierError;
import dev.textback.carrier.ErrorCodes;
import dev.textback.carrier.SendFailures;
import dev.textback.message.PermanentFailureReason;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Plivo's error facts: what its message error codes mean for a text, and how to read its API error body
 * {@code {"api_id": "…", "error": "…"}}. Core's {@link SendFailures} applies them to an HTTP outcome.
 *
 * <p>The codes are those of Plivo's delivery reports ({@code ErrorCode}). The Send Message API answers a refusal
 * with an HTTP status and a sentence instead of a code, so the sentences Plivo documents are read as the code
 * they stand for: "… is not a valid phone number" and "… is not an SMS enabled phone number" as 50 (invalid
 * destination), "insufficient credit" as 900; an error that is a bare token ({@code rate_limit_exceeded}) is
 * kept as the code. The sentence only goes into the exception message, with numbers masked.
 */
final class PlivoErrorClassifier {
  /** Insufficient credit: every send fails until the account is topped up. */
  static final String NO_CREDIT = "900";
  /** How long a text waits after the account ran out of credit: a person has to top it up. */
  static final Duration NO_CREDIT_WAIT = Duration.ofMinutes(15);

  /**
   * The code a 403 from Send Message is given when its body names no code the table knows: Plivo refuses a
   * destination its geo permissions bar with 403 on {@code /Message/} (its Java SDK raises
   * {@code GeoPermissionException} for exactly that), so the text is blocked, not a credentials problem (those
   * are 401). This is the adapter's own token, not a code Plivo sends.
   */
  static final String GEO_PERMISSION = "geo_permission";

  private static final JsonFactory JSON = new JsonFactory();
  private static final Pattern INVALID_DESTINATION =
      Pattern.compile("is not an? (valid|sms enabled) phone number", Pattern.CASE_INSENSITIVE);
  private static final Pattern NO_CREDIT_TEXT = Pattern.compile("insufficient credit", Pattern.CASE_INSENSITIVE);
  private static final Pattern TOKEN = Pattern.compile("[a-z][a-z_]{2,40}");

  static final ErrorCodes CODES = ErrorCodes.builder()
      .retriable(
          "20", // network error at the carrier: temporary
          "80", // destination temporarily unavailable (handset off, out of coverage)
          "420", // expired after 3 h in Plivo's queue, not charged: a resend is allowed
          "rate_limit_exceeded")
      .retriableAfter(NO_CREDIT_WAIT, NO_CREDIT) // insufficient credit: retried once someone tops up
      .misconfigured("not_found") // the account in the URL does not exist
      .permanent("10", PermanentFailureReason.OTHER) // invalid message (blank or too long)
      .permanent("30", PermanentFailureReason.BLOCKED) // spam filter
      .permanent("40", PermanentFailureReason.AUTH) // src not ours, not SMS-enabled or badly formatted
      .permanent("50", PermanentFailureReason.INVALID_NUMBER) // invalid destination (not SMS-capable, landline)
      .permanent("70", PermanentFailureReason.INVALID_NUMBER) // destination permanently unavailable
      .permanent("100", PermanentFailureReason.BLOCKED) // prohibited by the destination's carrier
      .permanent("110", PermanentFailureReason.OTHER) // message too long
      .permanent("200", PermanentFailureReason.OPTED_OUT) // the recipient sent STOP to this number
      .permanent("201", PermanentFailureReason.BLOCKED) // US toll-free to a Canadian number
      // Not a Plivo code: the adapter's name for a 403 from Send Message (see createForbidden).
      .permanent(GEO_PERMISSION, PermanentFailureReason.BLOCKED)
      .permanent("authentication_failed", PermanentFailureReason.AUTH)
      .permanent("invalid_parameter", PermanentFailureReason.OTHER)
      .build();

  private PlivoErrorClassifier() {}

  /** Core's classifier with Plivo's table and body reader. */
  static SendFailures create(Clock clock) {
    return SendFailures.builder(PlivoCarrier.ID)
        .displayName("Plivo")
        .codes(CODES)
        .errorBody(PlivoErrorClassifier::read)
        .clock(clock)
        .build();
  }

  /**
   * Core's classifier for a 403 answer from Send Message: as {@link #create}, but an error without a code the
   * table knows reads as {@link #GEO_PERMISSION} (blocked) rather than core's default for 403 (credentials).
   */
  static SendFailures createForbidden(Clock clock) {
    return SendFailures.builder(PlivoCarrier.ID)
        .displayName("Plivo")
        .codes(CODES)
        .errorBody(body -> geoPermission(read(body)))
        .clock(clock)
        .build();
  }

  private static CarrierError geoPermission(CarrierError error) {
    String code = error.code();
    boolean known = code != null && (CODES.isRetriable(code) || CODES.isMisconfiguration(code)
        || CODES.permanentReason(code).isPresent());
    return known ? error : new CarrierError(GEO_PERMISSION, error.message(), error.moreInfo());
  }

  /** What a Plivo error code means for the recipient's number, when it refuses a text for good. */
  static Optional<PermanentFailureReason> permanentReason(String code) {
    return CODES.permanentReason(code);
  }

  /**
   * Plivo's error body, read with a streaming parser for its {@code error} field (a sentence or a token),
   * {@code error_code} when present, and {@code api_id} (Plivo's id of the request, which its support asks for,
   * shown in the exception message); anything else (a proxy's page) says nothing.
   */
  static CarrierError read(String body) {
    String error = null;
    String code = null;
    String apiId = null;
    try (JsonParser json = JSON.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) return CarrierError.none();
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if ("error".equals(field) && value == JsonToken.VALUE_STRING) {
          error = json.getText();
        } else if ("error_code".equals(field) && (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_STRING)) {
          code = json.getText().trim();
        } else if ("api_id".equals(field) && value == JsonToken.VALUE_STRING) {
          apiId = json.getText();
        } else {
          json.skipChildren();
        }
      }
    } catch (IOException e) {
      if (error == null) return CarrierError.none();
    }
    if (error == null && code == null) return CarrierError.none();
    return new CarrierError(code != null ? code : codeOf(error), error, apiId == null ? null : "api_id " + apiId);
  }

  /** The code a documented error sentence stands for, or the token itself; null when neither. */
  private static @Nullable String codeOf(@Nullable String error) {
    if (error == null) return null;
    if (INVALID_DESTINATION.matcher(error).find()) return "50";
    if (NO_CREDIT_TEXT.matcher(error).find()) return NO_CREDIT;
    String trimmed = error.trim();
    return TOKEN.matcher(trimmed).matches() ? trimmed : null;
  }
}
