package dev.textback.test.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.carrier.Carrier;
import dev.textback.phone.PhoneNumber;
import dev.textback.test.CarrierAdapterContract;
import dev.textback.webhook.WebhookRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;

/**
 * A carrier that is nothing like Twilio (JSON webhooks, a timestamped HMAC-SHA256 header, numbers without a plus
 * sign) passes the carrier contract, built only from its public hooks. Subclasses switch on the sample carrier's
 * defects to show that the kit catches them.
 */
class SampleCarrierContractTest extends CarrierAdapterContract {
  static final String SECRET = "whsec_3f9a0c55e1d24b7f";
  private static final String OTHER_SECRET = "whsec_not_the_accounts";
  private static final String BASE = "https://app.example.com/webhooks/sample/";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The defects of the carrier under test: none here. */
  Set<SampleCarrier.Defect> defects() {
    return Set.of();
  }

  @Override
  protected Carrier newCarrier(String apiBaseUrl, Duration readTimeout) {
    return new SampleCarrier(apiBaseUrl, "sk_test_kit", readTimeout, SECRET, defects());
  }

  @Override
  protected List<WebhookRequest> missedCall(MissedCall call, Signing signing) {
    return List.of(
        signed("calls", callEvent("call.ringing", call), call.at(), signing),
        signed("calls", callEvent("call.unanswered", call), call.at(), signing));
  }

  @Override
  protected WebhookRequest inboundText(InboundText text, Signing signing) {
    return signed("messages", message(text), text.at(), signing);
  }

  @Override
  protected WebhookRequest deliveryReport(DeliveryReport report, Signing signing) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("message_id", report.messageId());
    body.put("status", report.delivered() ? "delivered" : "failed");
    if (!report.delivered()) body.put("error_code", "handset_unreachable");
    body.put("from", digits(report.from()));
    body.put("to", digits(report.to()));
    return signed("receipts", body, report.at(), signing);
  }

  @Override
  protected WebhookRequest malformedInboundText(InboundText text, Malformation malformation) {
    Map<String, String> body = message(text);
    return switch (malformation) {
      case NOT_DECODABLE -> request("messages", "application/json", json(body).substring(0, 20), text.at(), SECRET);
      case WRONG_CONTENT_TYPE -> request("messages", "application/x-www-form-urlencoded",
          "message_id=" + text.messageId() + "&from=" + digits(text.from()) + "&to=" + digits(text.to()) + "&text=Hi",
          text.at(), SECRET);
      case MISSING_MESSAGE_ID -> {
        body.remove("message_id");
        yield signed("messages", body, text.at(), Signing.VALID);
      }
    };
  }

  @Override
  protected MockResponse accepted(String messageId) {
    return new MockResponse(202, Headers.of("Content-Type", "application/json"),
        "{\"message_id\":\"" + messageId + "\",\"status\":\"queued\"}");
  }

  @Override
  protected MockResponse refused(Refusal refusal) {
    String code = switch (refusal) {
      case INVALID_NUMBER -> "invalid_recipient";
      case UNAUTHORIZED -> "unauthorized";
      case RATE_LIMITED -> "throttled";
      case SERVER_ERROR -> "internal";
    };
    return new MockResponse(refusal.status(), Headers.of("Content-Type", "application/json"),
        "{\"error\":{\"code\":\"" + code + "\",\"message\":\"refused\"}}");
  }

  @Override
  protected SentText sentText(RecordedRequest request) {
    try {
      JsonNode body = JSON.readTree(request.getBody().utf8());
      return new SentText(PhoneNumber.of("+" + body.path("from").asText()), PhoneNumber.of("+" + body.path("to").asText()),
          body.path("text").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> callEvent(String type, MissedCall call) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("call_id", call.callId());
    body.put("from", digits(call.caller()));
    body.put("to", digits(call.dialled()));
    return body;
  }

  private static Map<String, String> message(InboundText text) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("message_id", text.messageId());
    body.put("from", digits(text.from()));
    body.put("to", digits(text.to()));
    body.put("text", text.body());
    return body;
  }

  private static WebhookRequest signed(String route, Map<String, String> body, Instant at, Signing signing) {
    return switch (signing) {
      case VALID -> request(route, "application/json", json(body), at, SECRET);
      case FORGED -> request(route, "application/json", json(body), at, OTHER_SECRET);
      case MISSING -> request(route, "application/json", json(body), at, null);
      case TAMPERED -> {
        String header = header(json(body), at, SECRET);
        Map<String, String> changed = new LinkedHashMap<>(body);
        changed.put("from", "12125550199");
        yield WebhookRequest.of("POST", BASE + route,
            Map.of("Content-Type", List.of("application/json"), SampleWebhooks.SIGNATURE_HEADER, List.of(header)),
            json(changed).getBytes(StandardCharsets.UTF_8));
      }
    };
  }

  private static WebhookRequest request(String route, String contentType, String body, Instant at, String secret) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of(contentType));
    if (secret != null) headers.put(SampleWebhooks.SIGNATURE_HEADER, List.of(header(body, at, secret)));
    return WebhookRequest.of("POST", BASE + route, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  /** The signature header, computed here with the JDK's HMAC rather than by the adapter. */
  private static String header(String body, Instant at, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] sig = mac.doFinal((at.getEpochSecond() + "." + body).getBytes(StandardCharsets.UTF_8));
      return "t=" + at.getEpochSecond() + ",v1=" + HexFormat.of().formatHex(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String json(Map<String, String> body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String digits(PhoneNumber number) {
    return number.e164().substring(1);
  }
}
