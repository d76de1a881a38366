package dev.textback.vonage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.textback.carrier.CarrierError;
import dev.textback.carrier.ErrorCodes;
import dev.textback.carrier.SendFailures;
import dev.textback.message.PermanentFailureReason;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Vonage's error facts: what its codes mean for a text, and how to read its error bodies. Three code spaces
 * that overlap numerically, so each has its own table:
 *
 * <ul>
 *   <li>{@link #MESSAGES}: Messages API codes, from an RFC 7807 body's {@code type} fragment
 *       ({@code …/api-errors/messages#1110} → {@code 1110}) or a status webhook's {@code error.title};
 *   <li>{@link #SMS_STATUS}: the SMS API's per-part {@code status} in a 200 answer ({@code "0"} = accepted);
 *   <li>{@link #DLR}: the {@code err-code} of SMS API delivery receipts ({@code 9} = the recipient opted out).
 * </ul>
 *
 * Vonage's message text may change, so it only goes into the exception message, with numbers masked. Core's
 * {@link SendFailures} applies the Messages table to an HTTP refusal from either API.
 */
final class VonageErrorClassifier {
  /** The response header carrying Vonage's request id. */
  static final String REQUEST_ID_HEADER = "X-Request-Id";

  private static final JsonFactory JSON = new JsonFactory();

  static final ErrorCodes MESSAGES = ErrorCodes.builder()
      // Retriable here means "refused before it was accepted": only throttling says that for sure. An internal
      // error (1030) comes with a 5xx, which core flags as possibly accepted whatever the code; 1180, 1230 and
      // 1331 are delivery outcomes of a text Vonage already took, reported in status webhooks, not refusals.
      .retriable(
          "1000", // throttled
          "1010", // rate limit hit (429 body)
          "rate-limit") // rate limit hit, newer type URL
      // The account's balance is too low (402): a top-up fixes it, so the text is kept, as the SMS API's status 9.
      .misconfigured("low-balance")
      .permanent("1240", PermanentFailureReason.OPTED_OUT) // illegal number: the user sent STOP
      .permanent("1170", PermanentFailureReason.INVALID_NUMBER) // invalid recipient
      .permanent("1430", PermanentFailureReason.INVALID_NUMBER) // invalid recipient
      .permanent("1190", PermanentFailureReason.INVALID_NUMBER) // absent subscriber, permanent
      .permanent("1050", PermanentFailureReason.BLOCKED) // number barred
      .permanent("1210", PermanentFailureReason.BLOCKED) // anti-spam rejection
      .permanent("1280", PermanentFailureReason.BLOCKED) // blocked by carrier
      .permanent("1282", PermanentFailureReason.BLOCKED) // rejected by provider
      .permanent("1460", PermanentFailureReason.BLOCKED) // daily limit exceeded (10DLC compliance)
      .permanent("1480", PermanentFailureReason.BLOCKED) // entity filter
      .permanent("1481", PermanentFailureReason.BLOCKED) // header filter
      .permanent("1482", PermanentFailureReason.BLOCKED) // content filter
      .permanent("1483", PermanentFailureReason.BLOCKED) // consent filter
      .permanent("1484", PermanentFailureReason.BLOCKED) // compliance filter
      .permanent("1120", PermanentFailureReason.AUTH) // illegal sender address
      .permanent("1420", PermanentFailureReason.AUTH) // invalid sender
      .permanent("1160", PermanentFailureReason.AUTH) // non-whitelisted destination (trial account)
      .permanent("unathorized", PermanentFailureReason.AUTH) // 401, Vonage's spelling
      .permanent("unauthorized", PermanentFailureReason.AUTH)
      .build();

  static final ErrorCodes SMS_STATUS = ErrorCodes.builder()
      .retriable(
          "1", // throttled: "please wait [ N ] and retry"
          "5", // internal error
          "10", // too many existing binds: back off and retry
          "13") // communications failure
      .misconfigured("9") // partner quota violation: no credit; top up and the text goes out
      .permanent("2", PermanentFailureReason.OTHER) // missing parameters
      .permanent("3", PermanentFailureReason.OTHER) // invalid parameters
      .permanent("4", PermanentFailureReason.AUTH) // invalid credentials
      .permanent("6", PermanentFailureReason.INVALID_NUMBER) // invalid message: unrecognised prefix
      .permanent("7", PermanentFailureReason.BLOCKED) // number barred
      .permanent("8", PermanentFailureReason.AUTH) // partner account barred
      .permanent("11", PermanentFailureReason.AUTH) // account not enabled for HTTP
      .permanent("14", PermanentFailureReason.AUTH) // invalid signature
      .permanent("15", PermanentFailureReason.AUTH) // invalid sender address
      .permanent("17", PermanentFailureReason.BLOCKED) // message blocked by provider
      .permanent("29", PermanentFailureReason.AUTH) // non-whitelisted destination (trial account)
      .permanent("32", PermanentFailureReason.AUTH) // signature and API secret disallowed
      .permanent("33", PermanentFailureReason.INVALID_NUMBER) // number de-activated
      .build();

  static final ErrorCodes DLR = ErrorCodes.builder()
      .retriable("2", "7", "8") // absent subscriber (temporary), handset busy, network error
      .permanent("9", PermanentFailureReason.OPTED_OUT) // illegal number: asked not to receive messages
      .permanent("3", PermanentFailureReason.INVALID_NUMBER) // absent subscriber, permanent
      .permanent("4", PermanentFailureReason.BLOCKED) // call barred by user
      .permanent("6", PermanentFailureReason.BLOCKED) // anti-spam rejection
      .permanent("14", PermanentFailureReason.BLOCKED) // number blocked by carrier
      .permanent("50", PermanentFailureReason.BLOCKED) // entity filter
      .permanent("51", PermanentFailureReason.BLOCKED) // header filter
      .permanent("52", PermanentFailureReason.BLOCKED) // content filter
      .permanent("53", PermanentFailureReason.BLOCKED) // consent filter
      .permanent("54", PermanentFailureReason.BLOCKED) // regulation error
      .build();

  private VonageErrorClassifier() {}

  /** Core's classifier for HTTP refusals, with the Messages table and Vonage's body reader. */
  static SendFailures create(Clock clock) {
    return SendFailures.builder(VonageCarrier.ID)
        .displayName("Vonage")
        .codes(MESSAGES)
        .errorBody(VonageErrorClassifier::read)
        .requestIdHeader(REQUEST_ID_HEADER)
        .clock(clock)
        .build();
  }

  /** What a Messages API code (a status webhook's {@code error.title}) means for the number. */
  static Optional<PermanentFailureReason> messagesReason(@Nullable String code) {
    return MESSAGES.permanentReason(code);
  }

  /** What an SMS API delivery receipt's {@code err-code} means for the number. */
  static Optional<PermanentFailureReason> dlrReason(@Nullable String code) {
    return DLR.permanentReason(code);
  }

  /**
   * Vonage's error bodies: RFC 7807 {@code {"type","title","detail","instance"}} (the code is the fragment of
   * {@code type}), or the SMS API's {@code {"error-code","error-code-label"}}. Every field may be missing.
   */
  static CarrierError read(String body) {
    String type = null;
    String title = null;
    String detail = null;
    String errorCode = null;
    String errorLabel = null;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return CarrierError.none();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          p.skipChildren();
          continue;
        }
        if (!value.isScalarValue() || value == JsonToken.VALUE_NULL) continue;
        switch (name) {
          case "type" -> type = p.getText();
          case "title" -> title = p.getText();
          case "detail" -> detail = p.getText();
          case "error-code" -> errorCode = p.getText();
          case "error-code-label" -> errorLabel = p.getText();
          default -> { }
        }
      }
    } catch (IOException e) {
      return CarrierError.none();
    }
    String code = errorCode;
    if (type != null && type.indexOf('#') >= 0 && type.indexOf('#') < type.length() - 1) {
      code = type.substring(type.indexOf('#') + 1);
    }
    String message = title != null ? (detail != null ? title + " – " + detail : title) : errorLabel;
    if (code == null && message == null) return CarrierError.none();
    return new CarrierError(code, message, type);
  }
}
