package dev.textback.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.textback.phone.CarrierId;
import dev.textback.plivo.PlivoCarrier;
import dev.textback.plivo.PlivoConfig;
import dev.textback.plivo.PlivoSignatureVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in for Plivo on loopback. Its API side accepts Send Message requests
 * ({@code POST /v1/Account/{auth_id}/Message/}, Basic auth, JSON) with Plivo's
 * {@code 202 {"api_id", "message", "message_uuid": […]}} and posts delivery reports ({@code queued}, {@code sent},
 * {@code delivered}, with {@code Sequence}) to the text's {@code url}. Its carrier side calls the application's
 * Answer URL, follows the XML it gets back (the {@code <Dial>} action, then the {@code <Record>} action), ends every
 * call with the Hangup URL, and delivers texts to the Message URL: form posts with Plivo's parameter names,
 * numbers without {@code +}, each signed with {@code X-Plivo-Signature-V3} and its nonce by the adapter's own
 * {@link PlivoSignatureVerifier#signV3}.
 */
public final class PlivoSimulator implements SimulatedCarrier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  /** How long the caller's voicemail lasts, in the simulated recording. */
  private static final int VOICEMAIL_SECONDS = 20;
  private static final DateTimeFormatter PLIVO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  /** Plivo's opt-out and opt-in keywords, which set {@code MessageIntent} on an inbound text. */
  private static final Set<String> OPT_OUT = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT");
  private static final Set<String> OPT_IN = Set.of("START", "YES", "UNSTOP");

  private final PrintStream console;
  private final SecureRandom random = new SecureRandom();
  private final String authId;
  private final String authToken;
  private final PlivoSignatureVerifier signer;
  private final SimulatorSupport http;
  private final List<Text> sent = Collections.synchronizedList(new ArrayList<>());
  private volatile @Nullable String webhookBase;

  /**
   * Starts the fake API on a free loopback port.
   *
   * @param console where the simulator narrates the texts it carries
   * @throws IOException when the fake API cannot listen
   */
  public PlivoSimulator(PrintStream console) throws IOException {
    this.console = Objects.requireNonNull(console, "console == null");
    this.authId = "MA" + random(18);
    this.authToken = random(40);
    this.signer = new PlivoSignatureVerifier(authToken, null, false);
    this.http = new SimulatorSupport("plivo-simulator");
    http.server.createContext("/v1/Account/", this::messageApi);
    http.start();
  }

  @Override
  public CarrierId carrier() {
    return PlivoCarrier.ID;
  }

  @Override
  public Map<String, String> serverEnv(String serverBaseUrl) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(PlivoConfig.AUTH_ID, authId);
    env.put(PlivoConfig.AUTH_TOKEN, authToken);
    env.put(PlivoConfig.API_BASE_URL, http.apiBaseUrl());
    env.put(PlivoConfig.VOICEMAIL, "true");
    env.put(PlivoConfig.SMS_STATUS_CALLBACK_URL, serverBaseUrl + "/webhooks/plivo/sms/status");
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

  // ---- the Send Message API ----

  private void messageApi(HttpExchange ex) throws IOException {
    String apiId = UUID.randomUUID().toString();
    if (!SimulatorSupport.basic(authId, authToken).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      error(ex, 401, apiId, "Authentication failed");
      return;
    }
    if (!ex.getRequestMethod().equals("POST")
        || !ex.getRequestURI().getPath().equals("/v1/Account/" + authId + "/Message/")) {
      error(ex, 404, apiId, "not found");
      return;
    }
    JsonNode body;
    try {
      body = JSON.readTree(SimulatorSupport.body(ex));
    } catch (IOException e) {
      error(ex, 400, apiId, "invalid json data");
      return;
    }
    String src = body.path("src").asText("");
    String dst = body.path("dst").asText("");
    String text = body.path("text").asText("");
    if (!dst.matches("[1-9][0-9]{6,14}")) {
      error(ex, 400, apiId, "invalid dst parameter");
      return;
    }
    if (text.isEmpty()) {
      error(ex, 400, apiId, "text parameter is required");
      return;
    }
    String uuid = UUID.randomUUID().toString();
    sent.add(new Text(uuid, SimulatorSupport.e164(src), SimulatorSupport.e164(dst), text));
    console.printf("  [plivo] SMS %s -> %s: %s%n", src, dst, text);
    ObjectNode answer = JSON.createObjectNode().put("api_id", apiId).put("message", "message(s) queued");
    answer.putArray("message_uuid").add(uuid);
    SimulatorSupport.reply(ex, 202, "application/json", JSON.writeValueAsString(answer));
    String callback = body.path("url").asText("");
    if (!callback.isEmpty()) {
      http.threads.submit(() -> {
        int sequence = 0;
        for (String status : List.of("queued", "sent", "delivered")) {
          SimulatorSupport.pause(100);
          Map<String, String> report = new LinkedHashMap<>();
          report.put("MessageUUID", uuid);
          report.put("From", src);
          report.put("To", dst);
          report.put("Status", status);
          report.put("Sequence", Integer.toString(++sequence));
          report.put("Units", "1");
          report.put("TotalRate", "0.0050");
          report.put("TotalAmount", "0.0050");
          report.put("MessageTime", PLIVO_TIME.format(Instant.now()));
          signedPost(callback, report);
        }
        return null;
      });
    }
  }

  private static void error(HttpExchange ex, int status, String apiId, String message) throws IOException {
    SimulatorSupport.reply(ex, status, "application/json",
        JSON.writeValueAsString(JSON.createObjectNode().put("api_id", apiId).put("error", message)));
  }

  // ---- voice ----

  @Override
  public String missedCall(String from, String to, MissedCall kind) throws IOException {
    String base = base();
    String callUuid = UUID.randomUUID().toString();
    String caller = SimulatorSupport.digits(from);
    String line = SimulatorSupport.digits(to);
    Map<String, String> call = new LinkedHashMap<>();
    call.put("CallUUID", callUuid);
    call.put("From", caller);
    call.put("To", line);
    call.put("Direction", "inbound");
    Map<String, String> ringing = new LinkedHashMap<>(call);
    ringing.put("ALegUUID", callUuid);
    ringing.put("ALegRequestUUID", UUID.randomUUID().toString());
    ringing.put("RequestUUID", UUID.randomUUID().toString());
    ringing.put("CallerName", caller);
    ringing.put("CallStatus", "ringing");
    ringing.put("BillRate", "0.0085");
    ringing.put("Event", "StartApp");
    String xml = signedPost(base + "/webhooks/plivo/answer", ringing);
    String dialAction = attribute(xml, "Dial", "action");
    // A caller who hangs up while the phone rings ends the call: Plivo fetches no <Dial> action, only the hangup.
    if (dialAction != null && kind != MissedCall.CALLER_HUNG_UP) {
      Map<String, String> dial = new LinkedHashMap<>(call);
      dial.put("CallStatus", "in-progress");
      dial.put("DialALegUUID", callUuid);
      dial.put("DialBLegUUID", "");
      dial.put("DialStatus", kind == MissedCall.BUSY ? "busy" : "no-answer");
      dial.put("DialRingStatus", Boolean.toString(kind != MissedCall.BUSY));
      dial.put("DialHangupCause", kind == MissedCall.BUSY ? "USER_BUSY" : "NO_ANSWER");
      xml = signedPost(dialAction, dial);
      String recordAction = attribute(xml, "Record", "action");
      if (recordAction != null && kind == MissedCall.VOICEMAIL) {
        Map<String, String> record = new LinkedHashMap<>(call);
        record.put("CallStatus", "in-progress");
        record.put("RecordUrl", "https://media.plivo.com/v1/Account/" + authId + "/Recording/"
            + UUID.randomUUID() + ".mp3");
        record.put("RecordingDuration", Integer.toString(VOICEMAIL_SECONDS));
        record.put("RecordingDurationMs", Integer.toString(VOICEMAIL_SECONDS * 1000));
        record.put("RecordingID", UUID.randomUUID().toString());
        signedPost(recordAction, record);
      }
    }
    Instant end = Instant.now();
    Map<String, String> hangup = new LinkedHashMap<>(call);
    hangup.put("CallStatus", "completed"); // always so for an incoming call, whatever happened
    hangup.put("Event", "Hangup");
    hangup.put("HangupCause", kind == MissedCall.CALLER_HUNG_UP ? "ORIGINATOR_CANCEL" : "NORMAL_CLEARING");
    hangup.put("HangupCauseName", kind == MissedCall.CALLER_HUNG_UP ? "Cancelled" : "Normal Hangup");
    hangup.put("HangupSource", "Caller");
    hangup.put("Duration", "30");
    hangup.put("BillDuration", "60");
    hangup.put("StartTime", PLIVO_TIME.format(end.minusSeconds(30)));
    hangup.put("EndTime", PLIVO_TIME.format(end));
    signedPost(base + "/webhooks/plivo/hangup", hangup);
    return callUuid;
  }

  // ---- messages ----

  /** Delivers a text to the Message URL; returns the {@code <Message>} the server answered with, if any. */
  @Override
  public Optional<String> text(String from, String to, String body) throws IOException {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("From", SimulatorSupport.digits(from));
    p.put("To", SimulatorSupport.digits(to));
    p.put("Text", body);
    p.put("Type", "sms");
    p.put("MessageUUID", UUID.randomUUID().toString());
    p.put("Units", "1");
    p.put("TotalRate", "0");
    p.put("TotalAmount", "0");
    String keyword = body.trim().toUpperCase(Locale.ROOT);
    if (OPT_OUT.contains(keyword)) p.put("MessageIntent", "optout");
    else if (OPT_IN.contains(keyword)) p.put("MessageIntent", "optin");
    else if (keyword.equals("HELP")) p.put("MessageIntent", "help");
    String xml = signedPost(base() + "/webhooks/plivo/sms", p);
    Matcher m = Pattern.compile("<Message\\b[^>]*>([^<]*)</Message>").matcher(xml);
    return m.find() ? Optional.of(unescape(m.group(1))) : Optional.empty();
  }

  /** Posts a form signed with V3 over exactly the URL called (its query included); returns the answer's body. */
  private String signedPost(String url, Map<String, String> params) throws IOException {
    String nonce = digits(20);
    Map<String, List<String>> multi = new LinkedHashMap<>();
    params.forEach((k, v) -> multi.put(k, List.of(v)));
    Map<String, String> headers = Map.of(PlivoSignatureVerifier.V3_HEADER, signer.signV3("POST", url, multi, nonce),
        PlivoSignatureVerifier.V3_NONCE_HEADER, nonce);
    return http.post(url, "application/x-www-form-urlencoded", SimulatorSupport.form(params), headers).body();
  }

  private static @Nullable String attribute(String xml, String element, String name) {
    Matcher m = Pattern.compile("<" + element + "\\b[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(xml);
    return m.find() ? unescape(m.group(1)) : null;
  }

  private static String unescape(String xml) {
    return xml.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
        .replace("&amp;", "&");
  }

  private String base() {
    String base = webhookBase;
    if (base == null) throw new IllegalStateException("webhooksAt(…) first: the simulator does not know the server");
    return base;
  }

  private String random(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) s.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
    return s.toString();
  }

  private String digits(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) s.append((char) ('0' + random.nextInt(10)));
    return s.toString();
  }

  @Override
  public void close() {
    http.close();
  }
}
