package dev.textback.test.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.carrier.CarrierContext;
import dev.textback.carrier.CarrierWebhooks;
import dev.textback.carrier.WebhookCall;
import dev.textback.carrier.WebhookPipeline;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.DeliveryStatus;
import dev.textback.message.InboundMessage;
import dev.textback.phone.PhoneNumber;
import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import dev.textback.webhook.WebhookVerificationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sample carrier's webhooks, all JSON: {@code calls} ({@code call.ringing}, then {@code call.unanswered}),
 * {@code messages} and {@code receipts}. Signed with {@code Sample-Signature: t=<epoch seconds>,v1=<hex>}, the
 * HMAC-SHA256 of {@code t + "." + body}, valid for five minutes around the engine's clock.
 */
final class SampleWebhooks {
  static final String SIGNATURE_HEADER = "Sample-Signature";
  private static final Duration TOLERANCE = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json";

  private final CarrierContext engine;
  private final Set<SampleCarrier.Defect> defects;

  private SampleWebhooks(CarrierContext engine, Set<SampleCarrier.Defect> defects) {
    this.engine = engine;
    this.defects = defects;
  }

  static CarrierWebhooks create(String secret, CarrierContext engine, Set<SampleCarrier.Defect> defects) {
    SampleWebhooks w = new SampleWebhooks(engine, defects);
    return WebhookPipeline.builder(SampleCarrier.ID)
        .displayName("Sample")
        .verifier((request, now) -> verify(secret, request, now, defects))
        .clock(engine.clock())
        .route("calls", w::call)
        .route("messages", w::message)
        .route("receipts", w::receipt)
        .build();
  }

  private static void verify(String secret, WebhookRequest request, Instant now, Set<SampleCarrier.Defect> defects) {
    Optional<String> header = request.header(SIGNATURE_HEADER);
    if (header.isEmpty()) {
      if (defects.contains(SampleCarrier.Defect.ACCEPTS_UNSIGNED)) return;
      throw new WebhookVerificationException("missing " + SIGNATURE_HEADER);
    }
    long t = -1;
    String v1 = "";
    for (String part : header.get().split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) continue;
      if (kv[0].equals("t") && kv[1].matches("\\d{1,12}")) t = Long.parseLong(kv[1]);
      if (kv[0].equals("v1")) v1 = kv[1];
    }
    if (t < 0) throw new WebhookVerificationException(SIGNATURE_HEADER + " has no timestamp");
    if (Duration.between(Instant.ofEpochSecond(t), now).abs().compareTo(TOLERANCE) > 0) {
      throw new WebhookVerificationException(SIGNATURE_HEADER + " is too old or from the future");
    }
    byte[] expected = hmac(secret, t, request.body()).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII))) {
      throw new WebhookVerificationException(SIGNATURE_HEADER + " does not match");
    }
  }

  static String hmac(String secret, long t, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private WebhookResponse call(WebhookCall hook) {
    JsonNode event = json(hook.request());
    String type = text(event, "type");
    String callId = defects.contains(SampleCarrier.Defect.NEW_CALL_ID_PER_WEBHOOK)
        ? UUID.randomUUID().toString() : text(event, "call_id");
    PhoneNumber dialled = number(event, "to");
    if (type.equals("call.ringing")) {
      Optional<PhoneNumber> forward = engine.forwardTarget(dialled);
      if (forward.isPresent()) return answer(Map.of("action", "connect", "to", forward.get().e164().substring(1)));
    } else if (!type.equals("call.unanswered")) {
      throw new MalformedWebhookException("unknown call event " + type);
    }
    engine.onCall(CallEvent.builder()
        .carrier(SampleCarrier.ID)
        .callId(callId)
        .dialled(dialled)
        .caller(text(event, "from"))
        .startedAt(hook.now())
        .endedAt(hook.now())
        .outcome(CallOutcome.NO_ANSWER)
        .build());
    return answer(Map.of("action", "hangup"));
  }

  private WebhookResponse message(WebhookCall hook) {
    JsonNode m = json(hook.request());
    InboundMessage message = new InboundMessage(SampleCarrier.ID, text(m, "message_id"), number(m, "from"),
        number(m, "to"), m.path("text").asText(""), List.of(), hook.now(), null);
    return answer(engine.onInbound(message).reply().map(r -> Map.of("reply", r)).orElse(Map.of()));
  }

  private WebhookResponse receipt(WebhookCall hook) {
    JsonNode r = json(hook.request());
    DeliveryStatus status = switch (text(r, "status")) {
      case "delivered" -> DeliveryStatus.DELIVERED;
      case "failed" -> DeliveryStatus.FAILED;
      case "queued", "sent" -> DeliveryStatus.SENT;
      default -> throw new MalformedWebhookException("unknown status");
    };
    engine.onDeliveryReceipt(new DeliveryReceipt(SampleCarrier.ID, text(r, "message_id"), status,
        r.path("error_code").asText(null), hook.now()));
    return answer(Map.of());
  }

  private JsonNode json(WebhookRequest request) {
    if (!request.contentType().equals(JSON_TYPE)) {
      throw new MalformedWebhookException("expected " + JSON_TYPE + ", got " + request.contentType());
    }
    try {
      JsonNode node = JSON.readTree(request.body());
      if (node == null || !node.isObject()) throw new MalformedWebhookException("body is not a JSON object");
      return node;
    } catch (IOException e) {
      if (defects.contains(SampleCarrier.Defect.PARSE_ERRORS_AS_ENGINE_FAILURES)) throw new IllegalStateException(e);
      throw new MalformedWebhookException("body is not JSON");
    }
  }

  private static String text(JsonNode node, String field) {
    String v = node.path(field).asText("");
    if (v.isBlank()) throw new MalformedWebhookException("missing " + field);
    return v;
  }

  /** Numbers come without the plus sign. */
  private static PhoneNumber number(JsonNode node, String field) {
    String digits = text(node, field);
    try {
      return PhoneNumber.of("+" + digits);
    } catch (IllegalArgumentException e) {
      throw new MalformedWebhookException(field + " is not a phone number");
    }
  }

  private static WebhookResponse answer(Map<String, String> body) {
    try {
      return WebhookResponse.ok(JSON_TYPE, JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
