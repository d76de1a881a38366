package dev.textback.plivo;

import static dev.textback.plivo.PlivoFixtures.AUTH_TOKEN;
import static dev.textback.plivo.PlivoFixtures.NONCE;
import static dev.textback.plivo.PlivoFixtures.OTHER_TOKEN;
import static dev.textback.plivo.PlivoFixtures.load;
import static dev.textback.plivo.PlivoFixtures.resource;
import static dev.textback.plivo.PlivoFixtures.signV3;
import static dev.textback.plivo.PlivoFixtures.url;

import dev.textback.carrier.Carrier;
import dev.textback.phone.PhoneNumber;
import dev.textback.plivo.PlivoFixtures.Payload;
import dev.textback.test.CarrierAdapterContract;
import dev.textback.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;

/**
 * Plivo runs the carrier contract: callbacks in Plivo's shapes from the fixture files, signed V3 as Plivo signs
 * them (HMAC computed in {@link PlivoFixtures}, not by the verifier), and a fake Send Message API answering with
 * Plivo's JSON.
 */
class PlivoCarrierContractTest extends CarrierAdapterContract {
  /** The number a tampered callback claims instead. */
  private static final String TAMPERED_FROM = "12125550199";
  /** The message uuid in {@code message-queued.json}. */
  private static final String FIXTURE_MESSAGE_UUID = "db3ce55a-7f1d-11e1-8ea7-1231380bc196";

  @Override
  protected Carrier newCarrier(String apiBaseUrl, Duration readTimeout) {
    return PlivoCarrier.create(PlivoFixtures.config().apiBaseUrl(apiBaseUrl).readTimeout(readTimeout).build());
  }

  /** Plivo asks {@code answer} what to do, rings the business with {@code <Dial>}, and reports no-answer. */
  @Override
  protected List<WebhookRequest> missedCall(MissedCall call, Signing signing) {
    String callUuid = uuid(call.callId());
    Payload answer = callParams(load("answer"), call, callUuid).with("RequestUUID", callUuid);
    Payload dialEnded = callParams(load("dial-no-answer"), call, callUuid).with("DialALegUUID", callUuid);
    return List.of(signed(answer, PlivoWebhooks.ANSWER, signing), signed(dialEnded, PlivoWebhooks.DIAL, signing));
  }

  @Override
  protected WebhookRequest inboundText(InboundText text, Signing signing) {
    return signed(textParams(text), PlivoWebhooks.SMS, signing);
  }

  @Override
  protected WebhookRequest deliveryReport(DeliveryReport report, Signing signing) {
    Payload p = load(report.delivered() ? "sms-status-delivered" : "sms-status-undelivered")
        .with("MessageUUID", report.messageId())
        .with("ParentMessageUUID", report.messageId())
        .with("From", digits(report.from()))
        .with("To", digits(report.to()));
    return signed(p, PlivoWebhooks.SMS_STATUS, signing);
  }

  @Override
  protected WebhookRequest malformedInboundText(InboundText text, Malformation malformation) {
    String url = url(PlivoWebhooks.SMS);
    return switch (malformation) {
      // A broken escape cannot be decoded into the parameters V3 signs: the signature covers the URL alone.
      case NOT_DECODABLE -> WebhookRequest.formPost(url, v3Headers(signV3(AUTH_TOKEN, "POST", url, Map.of(), NONCE)),
          "Text=%zz&From=" + digits(text.from()) + "&MessageUUID=" + uuid(text.messageId()));
      // A JSON body has no form parameters, so V3 signs the URL alone; the Message URL is always a form.
      case WRONG_CONTENT_TYPE -> {
        String json = "{\"MessageUUID\":\"" + uuid(text.messageId()) + "\",\"From\":\"" + digits(text.from())
            + "\",\"To\":\"" + digits(text.to()) + "\",\"Text\":\"" + text.body() + "\"}";
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>(
            v3Headers(signV3(AUTH_TOKEN, "POST", url, Map.of(), NONCE)));
        headers.put("Content-Type", List.of("application/json"));
        yield WebhookRequest.of("POST", url, headers, json.getBytes(StandardCharsets.UTF_8));
      }
      case MISSING_MESSAGE_ID -> textParams(text).without("MessageUUID").signedPost(url);
    };
  }

  /** Plivo's 202 for a queued message, its uuid replaced. */
  @Override
  protected MockResponse accepted(String messageId) {
    return new MockResponse(202, Headers.of("Content-Type", "application/json"),
        resource("message-queued.json").replace(FIXTURE_MESSAGE_UUID, messageId));
  }

  @Override
  protected MockResponse refused(Refusal refusal) {
    String body = resource(switch (refusal) {
      case INVALID_NUMBER -> "error-invalid-number.json";
      case UNAUTHORIZED -> "error-authentication.json";
      case RATE_LIMITED -> "error-rate-limited.json";
      case SERVER_ERROR -> "error-server.json";
    });
    return new MockResponse(refusal.status(), Headers.of("Content-Type", "application/json"), body);
  }

  @Override
  protected SentText sentText(RecordedRequest request) {
    Map<String, String> json = PlivoSmsGatewayTest.json(request);
    return new SentText(PhoneNumber.of("+" + json.get("src")), PhoneNumber.of("+" + json.get("dst")),
        json.get("text"));
  }

  private static Payload callParams(Payload p, MissedCall call, String callUuid) {
    return p.with("CallUUID", callUuid).with("To", digits(call.dialled())).with("From", digits(call.caller()));
  }

  private static Payload textParams(InboundText text) {
    return load("sms-inbound")
        .with("MessageUUID", uuid(text.messageId()))
        .with("From", digits(text.from()))
        .with("To", digits(text.to()))
        .with("Text", text.body());
  }

  /** The request as Plivo would send it to {@code route}, signed as {@code signing} says. */
  private static WebhookRequest signed(Payload p, String route, Signing signing) {
    String url = url(route);
    return switch (signing) {
      case VALID -> p.signedPost(url);
      case FORGED -> p.post(url, signV3(OTHER_TOKEN, "POST", url, p.params, NONCE), NONCE);
      case MISSING -> p.post(url, null, null);
      case TAMPERED -> {
        String signature = signV3(AUTH_TOKEN, "POST", url, p.params, NONCE);
        yield p.with("From", TAMPERED_FROM).post(url, signature, NONCE);
      }
    };
  }

  private static Map<String, List<String>> v3Headers(String signature) {
    return Map.of(PlivoSignatureVerifier.V3_HEADER, List.of(signature),
        PlivoSignatureVerifier.V3_NONCE_HEADER, List.of(NONCE));
  }

  /** The kit's 32 hex digits as a Plivo UUID (8-4-4-4-12), one to one. */
  static String uuid(String hex) {
    return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
        + hex.substring(16, 20) + "-" + hex.substring(20);
  }

  private static String digits(PhoneNumber number) {
    return number.e164().substring(1);
  }
}
