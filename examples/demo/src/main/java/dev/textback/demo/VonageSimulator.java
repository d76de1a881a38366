package dev.textback.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.textback.phone.CarrierId;
import dev.textback.vonage.VonageCarrier;
import dev.textback.vonage.VonageConfig;
import dev.textback.vonage.VonageSignatureVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in for Vonage on loopback. Its API side accepts Messages API sends ({@code POST /v1/messages}, Basic
 * auth with the API key and secret, JSON) with Vonage's {@code 202 {"message_uuid": …}} and reports delivery
 * ({@code submitted}, then {@code delivered}) to the application's Status URL. Its carrier side calls the
 * application's Answer URL (POST, JSON), follows the NCCO it gets back ({@code connect}'s and {@code record}'s
 * event URLs), and sends the legs' events and inbound texts with Vonage's JSON shapes, numbers without {@code +},
 * each signed as Vonage signs webhooks: {@code Authorization: Bearer} an HS256 JWT over the body's SHA-256, made
 * with the adapter's own {@link VonageSignatureVerifier#signedWebhookToken}.
 */
public final class VonageSimulator implements SimulatedCarrier {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long the caller's voicemail lasts, in the simulated recording. */
  private static final int VOICEMAIL_SECONDS = 20;

  private final PrintStream console;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final String apiKey;
  private final String apiSecret;
  private final String signatureSecret;
  private final VonageSignatureVerifier signer;
  private final SimulatorSupport http;
  private final List<Text> sent = Collections.synchronizedList(new ArrayList<>());
  private volatile @Nullable String webhookBase;

  /**
   * Starts the fake API on a free loopback port.
   *
   * @param console where the simulator narrates the texts it carries
   * @param clock the server's clock: tokens are issued at its time, which the server bounds
   * @throws IOException when the fake API cannot listen
   */
  public VonageSimulator(PrintStream console, Clock clock) throws IOException {
    this.console = Objects.requireNonNull(console, "console == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.apiKey = hex(4);
    this.apiSecret = hex(8);
    this.signatureSecret = hex(24);
    // The SMS API's sig method plays no part in signed webhooks; Vonage's default is given.
    this.signer = new VonageSignatureVerifier(VonageSignatureVerifier.Scheme.SIGNED_WEBHOOK, signatureSecret, apiKey,
        VonageConfig.SignatureMethod.MD5HASH, Duration.ofMinutes(5));
    this.http = new SimulatorSupport("vonage-simulator");
    http.server.createContext("/v1/messages", this::messagesApi);
    http.start();
  }

  @Override
  public CarrierId carrier() {
    return VonageCarrier.ID;
  }

  @Override
  public Map<String, String> serverEnv(String serverBaseUrl) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(VonageConfig.API_KEY, apiKey);
    env.put(VonageConfig.API_SECRET, apiSecret);
    env.put(VonageConfig.SIGNATURE_SECRET, signatureSecret);
    env.put(VonageConfig.API_BASE_URL, http.apiBaseUrl());
    env.put(VonageConfig.VOICEMAIL, "true");
    return env;
  }

  @Override
  public void webhooksAt(String baseUrl) {
    this.webhookBase = baseUrl;
  }

  @Override
  public List<Text> texts() {
    synchronized (sent) {
      return List.copyOf(sent);
    }
  }

  // ---- the Messages API ----

  private void messagesApi(HttpExchange ex) throws IOException {
    if (!SimulatorSupport.basic(apiKey, apiSecret).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      problem(ex, 401, "unauthorized", "Unauthorized", "You did not provide correct credentials.");
      return;
    }
    if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().equals("/v1/messages")) {
      problem(ex, 404, "not-found", "Not Found", "The requested resource does not exist.");
      return;
    }
    JsonNode body;
    try {
      body = JSON.readTree(SimulatorSupport.body(ex));
    } catch (IOException e) {
      problem(ex, 422, "messages-olympus#1150", "Invalid params", "The request body is not JSON.");
      return;
    }
    String to = body.path("to").asText("");
    String from = body.path("from").asText("");
    String text = body.path("text").asText("");
    if (!body.path("channel").asText("").equals("sms") || !body.path("message_type").asText("").equals("text")
        || !to.matches("[1-9][0-9]{6,14}") || text.isEmpty()) {
      problem(ex, 422, "messages-olympus#1150", "Invalid params",
          "The value of one or more parameters is invalid.");
      return;
    }
    String uuid = UUID.randomUUID().toString();
    sent.add(new Text(uuid, SimulatorSupport.e164(from), SimulatorSupport.e164(to), text));
    console.printf("  [vonage] SMS %s -> %s: %s%n", from, to, text);
    SimulatorSupport.reply(ex, 202, "application/json",
        JSON.writeValueAsString(JSON.createObjectNode().put("message_uuid", uuid)));
    String base = webhookBase;
    if (base != null) {
      http.threads.submit(() -> {
        for (String status : List.of("submitted", "delivered")) {
          SimulatorSupport.pause(150);
          ObjectNode report = JSON.createObjectNode().put("message_uuid", uuid).put("to", to).put("from", from)
              .put("timestamp", clock.instant().toString()).put("status", status).put("channel", "sms");
          report.putObject("usage").put("currency", "EUR").put("price", "0.0068");
          report.putObject("sms").put("count_total", "1");
          signedPost(base + "/webhooks/vonage/status", report);
        }
        return null;
      });
    }
  }

  /** Vonage's RFC 7807 error body. */
  private static void problem(HttpExchange ex, int status, String type, String title, String detail)
      throws IOException {
    ObjectNode json = JSON.createObjectNode().put("type", "https://developer.nexmo.com/api-errors/" + type)
        .put("title", title).put("detail", detail).put("instance", UUID.randomUUID().toString());
    SimulatorSupport.reply(ex, status, "application/problem+json", JSON.writeValueAsString(json));
  }

  // ---- voice ----

  @Override
  public String missedCall(String from, String to, MissedCall kind) throws IOException {
    String base = base();
    String conversation = "CON-" + UUID.randomUUID();
    String callerLeg = UUID.randomUUID().toString();
    String line = SimulatorSupport.digits(to);
    ObjectNode answer = JSON.createObjectNode();
    answer.put("to", line);
    // A withheld caller ID has no documented value: Vonage's answer then carries no usable "from".
    if (from.startsWith("+")) answer.put("from", SimulatorSupport.digits(from));
    answer.put("endpoint_type", "phone").put("conversation_uuid", conversation).put("uuid", callerLeg)
        .put("region_url", "https://api-us-3.vonage.com");
    answer.putObject("custom_data");
    JsonNode ncco = JSON.readTree(signedPost(base + "/webhooks/vonage/answer", answer));
    Optional<JsonNode> connect = action(ncco, "connect");
    boolean callerLegEnded = false;
    if (connect.isPresent()) {
      String eventUrl = connect.get().path("eventUrl").path(0).asText(base + "/webhooks/vonage/event");
      String forwardTo = connect.get().path("endpoint").path(0).path("number").asText("");
      String forwardedLeg = UUID.randomUUID().toString();
      if (kind == MissedCall.CALLER_HUNG_UP) {
        // The caller gives up while the business phone rings: their leg ends, then Vonage cancels the other.
        callerLegEvent(conversation, callerLeg, from, line, "completed");
        callerLegEnded = true;
        legEvent(eventUrl, conversation, forwardedLeg, line, forwardTo, "cancelled", "cancelled");
      } else {
        String status = kind == MissedCall.BUSY ? "busy" : "unanswered";
        String detail = kind == MissedCall.BUSY ? "busy" : "unavailable";
        String next = legEvent(eventUrl, conversation, forwardedLeg, line, forwardTo, status, detail);
        JsonNode after = next.isBlank() ? JSON.createArrayNode() : JSON.readTree(next);
        Optional<JsonNode> notify = action(after, "notify");
        if (notify.isPresent() && kind == MissedCall.VOICEMAIL) {
          // The greeting plays to its end, then Vonage posts the notify payload and follows the NCCO it gets back;
          // any other caller hangs up during the greeting, so the notify never fires.
          String notifyUrl = notify.get().path("eventUrl").path(0).asText(base + "/webhooks/vonage/event");
          String answerToNotify = signedPost(notifyUrl, notify.get().path("payload"));
          after = answerToNotify.isBlank() ? JSON.createArrayNode() : JSON.readTree(answerToNotify);
        }
        Optional<JsonNode> record = action(after, "record");
        if (record.isPresent() && kind == MissedCall.VOICEMAIL) {
          recordEvent(record.get().path("eventUrl").path(0).asText(base + "/webhooks/vonage/event"), conversation);
        }
      }
    }
    if (!callerLegEnded) callerLegEvent(conversation, callerLeg, from, line, "completed");
    return conversation;
  }

  /** An event of the leg that rang the business phone; returns the body of the answer (an NCCO, or nothing). */
  private String legEvent(String url, String conversation, String leg, String line, String forwardTo, String status,
      String detail) throws IOException {
    ObjectNode event = JSON.createObjectNode();
    event.putObject("headers");
    event.put("from", line).put("to", forwardTo).put("uuid", leg).put("conversation_uuid", conversation)
        .put("status", status).put("detail", detail).put("direction", "outbound")
        .put("timestamp", clock.instant().toString());
    return signedPost(url, event);
  }

  /** The caller's own leg, to the application's Event URL. */
  private void callerLegEvent(String conversation, String leg, String from, String line, String status)
      throws IOException {
    Instant end = clock.instant();
    ObjectNode event = JSON.createObjectNode();
    event.putObject("headers");
    event.put("end_time", end.toString()).put("uuid", leg).put("network", "US-VIRTUAL-LEVEL3").put("duration", "30")
        .put("start_time", end.minusSeconds(30).toString()).put("rate", "0.00450000").put("price", "0.00225000");
    if (from.startsWith("+")) event.put("from", SimulatorSupport.digits(from));
    event.put("to", line).put("conversation_uuid", conversation).put("status", status).put("direction", "inbound")
        .put("timestamp", end.toString());
    signedPost(base() + "/webhooks/vonage/event", event);
  }

  /** The {@code record} action's event: the caller left a voicemail. */
  private void recordEvent(String url, String conversation) throws IOException {
    Instant end = clock.instant();
    String recording = UUID.randomUUID().toString();
    ObjectNode event = JSON.createObjectNode()
        .put("start_time", end.minusSeconds(VOICEMAIL_SECONDS).toString())
        .put("recording_url", "https://api.nexmo.com/v1/files/" + UUID.randomUUID())
        .put("size", 18990).put("recording_uuid", recording).put("end_time", end.toString())
        .put("conversation_uuid", conversation).put("timestamp", end.toString());
    signedPost(url, event);
  }

  private static Optional<JsonNode> action(JsonNode ncco, String name) {
    for (JsonNode action : ncco) {
      if (action.path("action").asText("").equals(name)) return Optional.of(action);
    }
    return Optional.empty();
  }

  // ---- messages ----

  /** Delivers an inbound SMS to the Messages API Inbound URL; Vonage takes no reply in the answer. */
  @Override
  public Optional<String> text(String from, String to, String body) throws IOException {
    ObjectNode inbound = JSON.createObjectNode().put("channel", "sms").put("message_uuid", UUID.randomUUID().toString())
        .put("to", SimulatorSupport.digits(to)).put("from", SimulatorSupport.digits(from))
        .put("timestamp", clock.instant().toString()).put("text", body).put("message_type", "text");
    inbound.putObject("sms").put("num_messages", "1");
    inbound.putObject("usage").put("currency", "EUR").put("price", "0.0057");
    signedPost(base() + "/webhooks/vonage/inbound", inbound);
    return Optional.empty();
  }

  /** Posts {@code json} with Vonage's signed-webhook JWT over exactly the bytes sent; returns the answer's body. */
  private String signedPost(String url, JsonNode json) throws IOException {
    byte[] body = JSON.writeValueAsBytes(json);
    String token = signer.signedWebhookToken(body, clock.instant());
    return http.post(url, "application/json", new String(body, StandardCharsets.UTF_8),
        Map.of("Authorization", "Bearer " + token)).body();
  }

  private String base() {
    String base = webhookBase;
    if (base == null) throw new IllegalStateException("webhooksAt(…) first: the simulator does not know the server");
    return base;
  }

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public void close() {
    http.close();
  }
}
