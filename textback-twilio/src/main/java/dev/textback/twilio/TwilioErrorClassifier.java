package dev.textback.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.carrier.CarrierError;
import dev.textback.carrier.ErrorCodes;
import dev.textback.carrier.HttpReply;
import dev.textback.carrier.SendFailures;
import dev.textback.message.PermanentFailureReason;
import dev.textback.spi.SendException;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import okhttp3.Headers;

/**
 * Twilio's error facts: what its error codes mean for a text, and how to read its error body
 * {@code {"code", "message", "more_info", "status"}}. Twilio's code decides; its message text may change,
 * so it only goes into the exception message, with phone numbers masked. Core's {@link SendFailures} applies
 * them to an HTTP outcome.
 */
final class TwilioErrorClassifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String REQUEST_ID_HEADER = "Twilio-Request-Id";

  static final ErrorCodes CODES = ErrorCodes.builder()
      .retriable(
          "20429", // too many concurrent requests
          "21611") // the sender's queue is full
      .misconfigured("20404") // the account or resource in the URL does not exist
      .permanent("21610", PermanentFailureReason.OPTED_OUT) // recipient replied STOP
      .permanent("21614", PermanentFailureReason.NOT_MOBILE) // 'To' is not a mobile number
      .permanent("21635", PermanentFailureReason.NOT_MOBILE) // landline where landline texts are blocked
      .permanent("30006", PermanentFailureReason.NOT_MOBILE) // landline or unreachable carrier
      .permanent("21211", PermanentFailureReason.INVALID_NUMBER) // invalid 'To' number
      .permanent("30005", PermanentFailureReason.INVALID_NUMBER) // unknown destination handset
      .permanent("30004", PermanentFailureReason.BLOCKED) // message blocked
      .permanent("30007", PermanentFailureReason.BLOCKED) // carrier filtering
      .permanent("20003", PermanentFailureReason.AUTH) // authentication failed
      .permanent("21606", PermanentFailureReason.AUTH) // 'From' not owned or not SMS-capable
      .permanent("21659", PermanentFailureReason.AUTH) // 'From' not usable for this destination
      .permanent("21608", PermanentFailureReason.AUTH) // trial account, 'To' not verified
      .permanent("21408", PermanentFailureReason.AUTH) // account may not send to this region
      .permanent("21612", PermanentFailureReason.OTHER) // this To/From pair cannot be routed
      .build();

  private static final SendFailures DEFAULT = create(Clock.systemUTC());

  private TwilioErrorClassifier() {}

  /** Core's classifier with Twilio's table and body reader. */
  static SendFailures create(Clock clock) {
    return SendFailures.builder(TwilioCarrier.ID)
        .displayName("Twilio")
        .codes(CODES)
        .errorBody(TwilioErrorClassifier::read)
        .requestIdHeader(REQUEST_ID_HEADER)
        .clock(clock)
        .build();
  }

  /**
   * @param httpStatus the response status (not 2xx)
   * @param body the response body, possibly not JSON
   * @param retryAfter the {@code Retry-After} header, or null
   * @param requestId the {@code Twilio-Request-Id} header, or null
   */
  static SendException classify(int httpStatus, String body, String retryAfter, String requestId) {
    Headers.Builder headers = new Headers.Builder();
    if (retryAfter != null) headers.add("Retry-After", retryAfter);
    if (requestId != null) headers.add(REQUEST_ID_HEADER, requestId);
    return DEFAULT.classify(new HttpReply(httpStatus, body == null ? "" : body, headers.build()));
  }

  /** What a Twilio error code means for the recipient's number, when it refuses a text for good. */
  static Optional<PermanentFailureReason> permanentReason(String code) {
    return CODES.permanentReason(code);
  }

  /** Twilio's error body; every field may be missing when the body came from something else (a proxy). */
  static CarrierError read(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) return CarrierError.none();
      JsonNode code = node.path("code");
      return new CarrierError(
          code.canConvertToInt() ? Integer.toString(code.asInt()) : null,
          node.path("message").isTextual() ? node.path("message").asText() : null,
          node.path("more_info").isTextual() ? node.path("more_info").asText() : null);
    } catch (IOException e) {
      return CarrierError.none();
    }
  }
}
