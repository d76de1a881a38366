package dev.textback.twilio;

import static dev.textback.twilio.TwilioFixtures.AUTH_TOKEN;
import static dev.textback.twilio.TwilioFixtures.load;
import static dev.textback.twilio.TwilioFixtures.resource;
import static dev.textback.twilio.TwilioFixtures.sign;
import static dev.textback.twilio.TwilioFixtures.url;

import dev.textback.carrier.Carrier;
import dev.textback.phone.PhoneNumber;
import dev.textback.test.CarrierAdapterContract;
import dev.textback.twilio.TwilioFixtures.Payload;
import dev.textback.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;

/**
 * Twilio runs the carrier contract: webhooks in Twilio's shapes from the fixture files, signed as Twilio signs
 * them (HMAC computed in {@link TwilioFixtures}, not by the verifier), and a fake Messages API answering with
 * Twilio's JSON.
 */
class TwilioCarrierContractTest extends CarrierAdapterContract {
  /** An auth token that is not the account's. */
  private static final String OTHER_TOKEN = "0000000000000000000000000000dead";
  /** The number a tampered webhook claims instead. */
  private static final String TAMPERED_FROM = "+12125550199";
  /** The message sid in {@code message-created.json}. */
  private static final String FIXTURE_MESSAGE_SID = "SM99999999999999999999999999999999";
  private static final String REQUEST_ID = "RQ0123456789abcdef0123456789abcdef";

  @Override
  protected Carrier newCarrier(String apiBaseUrl, Duration readTimeout) {
    return TwilioCarrier.create(TwilioFixtures.config().apiBaseUrl(apiBaseUrl).readTimeout(readTimeout).build());
  }

  /** Twilio asks {@code voice} what to do, rings the business with {@code <Dial>}, and reports no-answer. */
  @Override
  protected List<WebhookRequest> missedCall(MissedCall call, Signing signing) {
    String callSid = "CA" + call.callId();
    Payload incoming = callParams(load("voice-incoming"), call, callSid);
    Payload dialEnded = callParams(load("dial-no-answer"), call, callSid)
        .with("DialCallSid", "CA" + new StringBuilder(call.callId()).reverse());
    return List.of(signed(incoming, TwilioWebhooks.VOICE, signing),
        signed(dialEnded, TwilioWebhooks.VOICE_DIAL, signing));
  }

  @Override
  protected WebhookRequest inboundText(InboundText text, Signing signing) {
    return signed(textParams(text), TwilioWebhooks.SMS, signing);
  }

  @Override
  protected WebhookRequest deliveryReport(DeliveryReport report, Signing signing) {
    Payload p = load(report.delivered() ? "sms-status-delivered" : "sms-status-undelivered")
        .with("MessageSid", report.messageId())
        .with("SmsSid", report.messageId())
        .with("From", report.from().e164())
        .with("To", report.to().e164());
    return signed(p, TwilioWebhooks.SMS_STATUS, signing);
  }

  @Override
  protected WebhookRequest malformedInboundText(InboundText text, Malformation malformation) {
    String url = url(TwilioWebhooks.SMS);
    return switch (malformation) {
      // A broken escape cannot be signed parameter by parameter: the signature covers the URL alone.
      case NOT_DECODABLE -> WebhookRequest.formPost(url,
          Map.of(TwilioSignatureVerifier.SIGNATURE_HEADER, List.of(sign(AUTH_TOKEN, url, Map.of()))),
          "Body=%zz&From=" + text.from().e164().replace("+", "%2B") + "&MessageSid=SM" + text.messageId());
      // Twilio signs a JSON body through bodySHA256 in the URL; the SMS webhook is always a form.
      case WRONG_CONTENT_TYPE -> {
        String json = "{\"MessageSid\":\"SM" + text.messageId() + "\",\"From\":\"" + text.from().e164()
            + "\",\"To\":\"" + text.to().e164() + "\",\"Body\":\"" + text.body() + "\"}";
        String signedUrl = url + "?bodySHA256=" + sha256Hex(json);
        yield WebhookRequest.of("POST", signedUrl, Map.of("Content-Type", List.of("application/json"),
                TwilioSignatureVerifier.SIGNATURE_HEADER, List.of(sign(AUTH_TOKEN, signedUrl, Map.of()))),
            json.getBytes(StandardCharsets.UTF_8));
      }
      case MISSING_MESSAGE_ID -> textParams(text).without("MessageSid").without("SmsSid").without("SmsMessageSid")
          .signedPost(url);
    };
  }

  /** Twilio's 201 for a created message, its sid (in {@code sid} and the resource URIs) replaced. */
  @Override
  protected MockResponse accepted(String messageId) {
    return new MockResponse(201, Headers.of("Content-Type", "application/json", "Twilio-Request-Id", REQUEST_ID),
        resource("message-created.json").replace(FIXTURE_MESSAGE_SID, messageId));
  }

  @Override
  protected MockResponse refused(Refusal refusal) {
    String body = resource(switch (refusal) {
      case INVALID_NUMBER -> "error-21211.json";
      case UNAUTHORIZED -> "error-20003.json";
      case RATE_LIMITED -> "error-20429.json";
      case SERVER_ERROR -> "error-20500.json";
    });
    return new MockResponse(refusal.status(),
        Headers.of("Content-Type", "application/json", "Twilio-Request-Id", REQUEST_ID), body);
  }

  @Override
  protected SentText sentText(RecordedRequest request) {
    Map<String, List<String>> form = TwilioSmsGatewayTest.form(request);
    return new SentText(PhoneNumber.of(form.get("From").get(0)), PhoneNumber.of(form.get("To").get(0)),
        form.get("Body").get(0));
  }

  private static Payload callParams(Payload p, MissedCall call, String callSid) {
    return p.with("CallSid", callSid)
        .with("Called", call.dialled().e164())
        .with("To", call.dialled().e164())
        .with("Caller", call.caller().e164())
        .with("From", call.caller().e164());
  }

  private static Payload textParams(InboundText text) {
    String sid = "SM" + text.messageId();
    return load("sms-inbound")
        .with("SmsMessageSid", sid)
        .with("SmsSid", sid)
        .with("MessageSid", sid)
        .with("From", text.from().e164())
        .with("To", text.to().e164())
        .with("Body", text.body());
  }

  /** The request as Twilio would send it to {@code route}, signed as {@code signing} says. */
  private static WebhookRequest signed(Payload p, String route, Signing signing) {
    String url = url(route);
    return switch (signing) {
      case VALID -> p.signedPost(url);
      case FORGED -> p.post(url, sign(OTHER_TOKEN, url, p.params));
      case MISSING -> p.post(url, null);
      case TAMPERED -> {
        String signature = sign(AUTH_TOKEN, url, p.params);
        yield p.with("From", TAMPERED_FROM).post(url, signature);
      }
    };
  }

  private static String sha256Hex(String body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
