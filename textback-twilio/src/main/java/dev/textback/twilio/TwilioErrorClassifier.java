package dev.textback.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.message.PermanentFailureReason;
import dev.textback.spi.PermanentSendException;
import dev.textback.spi.RetriableSendException;
import dev.textback.spi.SendException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a refused Messages API call into core's send exceptions, from the HTTP status and Twilio's error
 * body {@code {"code", "message", "more_info", "status"}}. Twilio's code decides; its message text may
 * change, so it only goes into the exception message, with phone numbers masked.
 */
final class TwilioErrorClassifier {
  private static final Logger log = LoggerFactory.getLogger(TwilioErrorClassifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CARRIER = TwilioPayloadMapper.CARRIER;

  /** Codes of requests Twilio refused without processing them and that may succeed later. */
  private static final Set<Integer> RETRIABLE = Set.of(
      20429, // too many concurrent requests
      21611); // the sender's queue is full

  /** Codes of a refusal for good, by reason. */
  private static final Map<Integer, PermanentFailureReason> PERMANENT = Map.ofEntries(
      Map.entry(21610, PermanentFailureReason.OPTED_OUT), // recipient replied STOP
      Map.entry(21614, PermanentFailureReason.NOT_MOBILE), // 'To' is not a mobile number
      Map.entry(21635, PermanentFailureReason.NOT_MOBILE), // landline where landline texts are blocked
      Map.entry(30006, PermanentFailureReason.NOT_MOBILE), // landline or unreachable carrier
      Map.entry(21211, PermanentFailureReason.INVALID_NUMBER), // invalid 'To' number
      Map.entry(30005, PermanentFailureReason.INVALID_NUMBER), // unknown destination handset
      Map.entry(30004, PermanentFailureReason.BLOCKED), // message blocked
      Map.entry(30007, PermanentFailureReason.BLOCKED), // carrier filtering
      Map.entry(20003, PermanentFailureReason.AUTH), // authentication failed
      Map.entry(21606, PermanentFailureReason.AUTH), // 'From' not owned or not SMS-capable
      Map.entry(21659, PermanentFailureReason.AUTH), // 'From' not usable for this destination
      Map.entry(21608, PermanentFailureReason.AUTH), // trial account, 'To' not verified
      Map.entry(21408, PermanentFailureReason.AUTH), // account may not send to this region
      Map.entry(21612, PermanentFailureReason.OTHER)); // this To/From pair cannot be routed

  private TwilioErrorClassifier() {}

  /**
   * @param httpStatus the response status (not 2xx)
   * @param body the response body, possibly not JSON
   * @param retryAfter the {@code Retry-After} header, or null
   * @param requestId the {@code Twilio-Request-Id} header, or null
   */
  static SendException classify(int httpStatus, String body, String retryAfter, String requestId) {
    TwilioError error = TwilioError.parse(body);
    String code = error.code() == null ? null : error.code().toString();
    String message = "Twilio refused the text" + error.describe();
    if (httpStatus == 429 || error.code() != null && RETRIABLE.contains(error.code())) {
      return new RetriableSendException(message, null, CARRIER, httpStatus, code, requestId,
          retryAfter(retryAfter).orElse(null), false);
    }
    if (httpStatus >= 500) {
      log.warn("Twilio answered {} (request {}); the text may have been accepted", httpStatus, requestId);
      return new RetriableSendException(message, null, CARRIER, httpStatus, code, requestId,
          retryAfter(retryAfter).orElse(null), true);
    }
    if (httpStatus >= 300 && httpStatus < 400 || httpStatus == 404 && (error.code() == null || error.code() == 20404)) {
      // A redirect or a missing resource is the URL or account being wrong, not the text: keep it and retry
      // later, so fixing the configuration sends what waited instead of having dropped it.
      log.error("Twilio answered {} (request {}): check the API base URL and the account SID; the text is kept",
          httpStatus, requestId);
      return new RetriableSendException(message, null, CARRIER, httpStatus, code, requestId, null, false);
    }
    PermanentFailureReason reason = error.code() == null ? null : PERMANENT.get(error.code());
    if (reason == null) {
      reason = httpStatus == 401 || httpStatus == 403 ? PermanentFailureReason.AUTH : PermanentFailureReason.OTHER;
    }
    return new PermanentSendException(message, null, CARRIER, httpStatus, code, requestId, reason);
  }

  /**
   * What a Twilio error code means for the recipient's number, when it is a refusal for good; used for the
   * asynchronous codes of failed deliveries as well.
   */
  static Optional<PermanentFailureReason> permanentReason(String code) {
    try {
      return Optional.ofNullable(PERMANENT.get(Integer.valueOf(code.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A {@code Retry-After} in seconds; the HTTP-date form is not used by Twilio and is ignored. */
  static Optional<Duration> retryAfter(String header) {
    if (header == null || header.isBlank()) return Optional.empty();
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Twilio's error body; every field may be missing when the body came from something else (a proxy). */
  record TwilioError(Integer code, String message, String moreInfo) {
    static TwilioError parse(String body) {
      if (body == null || body.isBlank()) return new TwilioError(null, null, null);
      try {
        JsonNode node = JSON.readTree(body);
        if (node == null || !node.isObject()) return new TwilioError(null, null, null);
        JsonNode code = node.path("code");
        return new TwilioError(
            code.canConvertToInt() ? Integer.valueOf(code.asInt()) : null,
            node.path("message").isTextual() ? node.path("message").asText() : null,
            node.path("more_info").isTextual() ? node.path("more_info").asText() : null);
      } catch (IOException e) {
        return new TwilioError(null, null, null);
      }
    }

    String describe() {
      StringBuilder sb = new StringBuilder();
      if (message != null) sb.append(": ").append(maskNumbers(message));
      if (moreInfo != null) sb.append(" (").append(moreInfo).append(')');
      return sb.toString();
    }
  }

  /** Twilio's messages quote the numbers they refuse; keep those out of logs. */
  static String maskNumbers(String text) {
    return text.replaceAll("\\+?\\d[\\d .()-]{3,}\\d", "***");
  }
}
