package dev.textback.vonage;

import static dev.textback.vonage.VonageFixtures.SIGNATURE_SECRET;
import static dev.textback.vonage.VonageFixtures.claims;
import static dev.textback.vonage.VonageFixtures.jwt;
import static dev.textback.vonage.VonageFixtures.queryJson;
import static dev.textback.vonage.VonageFixtures.resource;

import dev.textback.carrier.Carrier;
import dev.textback.phone.PhoneNumber;
import dev.textback.test.CarrierAdapterContract;
import dev.textback.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;

/**
 * Vonage runs the carrier contract: the answer webhook as Vonage's GET, the forwarded leg's {@code unanswered}
 * event and Messages API webhooks as its JSON, every one with a bearer JWT built by hand in
 * {@link VonageFixtures}, and a fake Messages API answering with Vonage's JSON.
 */
class VonageCarrierContractTest extends CarrierAdapterContract {
  private static final String OTHER_SECRET = "not-the-accounts-signature-secret";
  private static final String TAMPERED_NUMBER = "12125550199";
  private static final String REQUEST_ID = "b3f1c1d4-5f57-4b2e-9c1b-2c3a3f0e1d2a";

  @Override
  protected Carrier newCarrier(String apiBaseUrl, Duration readTimeout) {
    return VonageCarrier.create(VonageFixtures.config().publicBaseUrl(null).baseUrl(apiBaseUrl)
        .readTimeout(readTimeout).build());
  }

  /**
   * Vonage GETs {@code answer}; the NCCO connects the business phone; the forwarded leg rings out and Vonage
   * posts its {@code unanswered} event, which names the business number and phone, not the caller.
   */
  @Override
  protected List<WebhookRequest> missedCall(MissedCall call, Signing signing) {
    String conversation = "CON-" + uuid(call.callId());
    String query = "to=" + digits(call.dialled()) + "&from=" + digits(call.caller())
        + "&conversation_uuid=" + conversation + "&uuid=" + uuid(call.callId());
    String event = "{\"headers\":{},\"from\":\"" + digits(call.dialled()) + "\",\"to\":\"" + digits(call.forwardedTo())
        + "\",\"uuid\":\"" + uuid(new StringBuilder(call.callId()).reverse().toString())
        + "\",\"conversation_uuid\":\"" + conversation
        + "\",\"status\":\"unanswered\",\"detail\":\"unavailable\",\"direction\":\"outbound\",\"timestamp\":\""
        + call.at() + "\"}";
    return List.of(get(query, call.at(), signing), post(VonageWebhooks.EVENT, event, call.at(), signing));
  }

  @Override
  protected WebhookRequest inboundText(InboundText text, Signing signing) {
    return post(VonageWebhooks.INBOUND, inbound(text, true), text.at(), signing);
  }

  @Override
  protected WebhookRequest deliveryReport(DeliveryReport report, Signing signing) {
    String body = report.delivered()
        ? resource("status-delivered.json")
        : resource("status-rejected.json").replace("#1240", "#1260").replace("\"1240\"", "\"1260\"")
            .replace("Illegal Number - The user has already sent a STOP opt-out message", "Destination unreachable");
    body = body.replace("aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", report.messageId())
        .replace("\"to\":\"14845552121\"", "\"to\":\"" + digits(report.to()) + "\"")
        .replace("\"from\":\"16105553939\"", "\"from\":\"" + digits(report.from()) + "\"");
    return post(VonageWebhooks.STATUS, body, report.at(), signing);
  }

  @Override
  protected WebhookRequest malformedInboundText(InboundText text, Malformation malformation) {
    String body = switch (malformation) {
      case NOT_DECODABLE -> inbound(text, true).substring(0, 40);
      case WRONG_CONTENT_TYPE -> "<inbound><message_uuid>" + uuid(text.messageId()) + "</message_uuid></inbound>";
      case MISSING_MESSAGE_ID -> inbound(text, false);
    };
    WebhookRequest signed = post(VonageWebhooks.INBOUND, body, text.at(), Signing.VALID);
    if (malformation != Malformation.WRONG_CONTENT_TYPE) return signed;
    return WebhookRequest.of("POST", signed.publicUrl(), Map.of("Content-Type", List.of("application/xml"),
        "Authorization", List.of(signed.header("Authorization").orElseThrow())), signed.body());
  }

  /** The Messages API's 202 with the id verbatim as {@code message_uuid}. */
  @Override
  protected MockResponse accepted(String messageId) {
    return new MockResponse(202, Headers.of("Content-Type", "application/json", "X-Request-Id", REQUEST_ID),
        resource("messages-accepted.json").replace("aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", messageId));
  }

  /**
   * Vonage's RFC 7807 bodies. The Messages API answers an invalid recipient with 422 in its OAS; the kit's
   * refusal is a 400, so the same body goes with that status.
   */
  @Override
  protected MockResponse refused(Refusal refusal) {
    String body = resource(switch (refusal) {
      case INVALID_NUMBER -> "error-invalid-recipient.json";
      case UNAUTHORIZED -> "error-401.json";
      case RATE_LIMITED -> "error-429.json";
      case SERVER_ERROR -> "error-500.json";
    });
    return new MockResponse(refusal.status(),
        Headers.of("Content-Type", "application/problem+json", "X-Request-Id", REQUEST_ID), body);
  }

  @Override
  protected SentText sentText(RecordedRequest request) {
    Map<String, String> json = VonageSmsGatewayTest.json(request);
    return new SentText(PhoneNumber.of("+" + json.get("from")), PhoneNumber.of("+" + json.get("to")),
        json.get("text"));
  }

  private static String inbound(InboundText text, boolean withId) {
    String body = resource("inbound-sms.json")
        .replace("\"to\":\"16105553939\"", "\"to\":\"" + digits(text.to()) + "\"")
        .replace("\"from\":\"14845552121\"", "\"from\":\"" + digits(text.from()) + "\"")
        .replace("\"text\":\"Hello From Vonage!\"", "\"text\":" + VonageSmsGatewayTest.jsonString(text.body()));
    return withId ? body.replace("aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", uuid(text.messageId()))
        : body.replace("\"message_uuid\":\"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab\",", "");
  }

  private static WebhookRequest get(String query, Instant at, Signing signing) {
    String route = VonageWebhooks.ANSWER;
    byte[] signed = queryJson(query).getBytes(StandardCharsets.UTF_8);
    return switch (signing) {
      case VALID -> VonageFixtures.get(route, query, jwt(SIGNATURE_SECRET, claims(signed, at)));
      case FORGED -> VonageFixtures.get(route, query, jwt(OTHER_SECRET, claims(signed, at)));
      case MISSING -> VonageFixtures.get(route, query, null);
      case TAMPERED -> VonageFixtures.get(route, query.replaceFirst("from=\\d+", "from=" + TAMPERED_NUMBER),
          jwt(SIGNATURE_SECRET, claims(signed, at)));
    };
  }

  private static WebhookRequest post(String route, String body, Instant at, Signing signing) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return switch (signing) {
      case VALID -> VonageFixtures.jsonPost(route, body, jwt(SIGNATURE_SECRET, claims(bytes, at)));
      case FORGED -> VonageFixtures.jsonPost(route, body, jwt(OTHER_SECRET, claims(bytes, at)));
      case MISSING -> VonageFixtures.jsonPost(route, body, null);
      case TAMPERED -> VonageFixtures.jsonPost(route,
          body.replaceFirst("\"from\":\"\\d+\"", "\"from\":\"" + TAMPERED_NUMBER + "\""),
          jwt(SIGNATURE_SECRET, claims(bytes, at)));
    };
  }

  private static String digits(PhoneNumber number) {
    return number.e164().substring(1);
  }

  /** 32 hex digits as a UUID, the shape of Vonage's ids. */
  static String uuid(String hex) {
    return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
        + hex.substring(16, 20) + "-" + hex.substring(20, 32);
  }
}
