package dev.textback.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.textback.webhook.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in for Twilio on loopback, for demos and tests without credentials or network. Its REST side
 * accepts {@code Messages.json} sends the way Twilio does (Basic auth, form body, JSON answer) and reports
 * delivery to the status callback; its carrier side places calls and delivers texts to the server through
 * the same signed webhooks Twilio sends. The real Twilio adapter talks to it unchanged.
 *
 * <p>Like Twilio, it honours the connection overrides in a webhook URL's fragment ({@code #rc=2&rp=5xx,ct}):
 * up to {@code rc} more tries when a try fails in a way {@code rp} names ({@code 5xx}, {@code 4xx}, {@code ct}
 * for a connection that could not be made, {@code rt} for one that broke or timed out after the request went
 * out, {@code all}), within {@code tt} milliseconds in all and {@code rt} per try. A URL without a fragment gets
 * Twilio's defaults: one more try when the connection could not be made. Twilio documents no pause between
 * tries; the simulator tries again at once. The console URLs it calls are those the README recommends: the
 * incoming-call URL as it is, the call-status URL with {@link #CONSOLE_STATUS_OVERRIDES}.
 */
public final class TwilioSimulator implements SimulatedCarrier {
  /** Bodies the simulator reads are capped: it plays a carrier API, and no send request comes close. */
  private static final int MAX_BODY = 256 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public dev.textback.phone.CarrierId carrier() {
    return dev.textback.twilio.TwilioCarrier.ID;
  }

  @Override
  public Map<String, String> serverEnv(String serverBaseUrl) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TWILIO_ACCOUNT_SID", accountSid);
    env.put("TWILIO_AUTH_TOKEN", authToken);
    env.put("TWILIO_API_BASE_URL", apiBaseUrl());
    env.put("TWILIO_VOICEMAIL", "true");
    env.put("TWILIO_SMS_STATUS_CALLBACK_URL", serverBaseUrl + "/webhooks/twilio/sms/status");
    return env;
  }

  /**
   * Places a call whose {@code <Dial>} ends as {@code kind} says: {@code no-answer}, {@code busy}, {@code no-answer}
   * with a voicemail, or {@code canceled} for a caller who hung up while it rang.
   */
  @Override
  public String missedCall(String from, String to, MissedCall kind) throws IOException {
    return switch (kind) {
      case NO_ANSWER -> call(from, to, "no-answer", 0);
      case BUSY -> call(from, to, "busy", 0);
      case VOICEMAIL -> call(from, to, "no-answer", 20);
      case CALLER_HUNG_UP -> call(from, to, "canceled", 0);
    };
  }

  @Override
  public List<Text> texts() {
    return sent().stream().map(s -> new Text(s.sid(), s.from(), s.to(), s.body())).toList();
  }

  /** A text the server sent through the simulator. */
  public record Sent(String sid, String from, String to, String body) {}

  /**
   * One webhook as the simulator delivered it.
   *
   * @param url the URL called, without its fragment
   * @param answers the HTTP status of each try in order, {@link #NO_ANSWER} for a try that got none
   */
  public record Delivery(String url, List<Integer> answers) {
    /** A try that got no HTTP answer: the connection was refused, broke or timed out. */
    public static final int NO_ANSWER = 0;

    public Delivery {
      answers = List.copyOf(answers);
    }

    /** The answer to the last try; Twilio goes by it. */
    public int finalAnswer() {
      return answers.get(answers.size() - 1);
    }

    /** Whether the last try was answered 2xx: Twilio then never sends this webhook again. */
    public boolean acknowledged() {
      return finalAnswer() >= 200 && finalAnswer() < 300;
    }

    /** The URL's path. */
    public String path() {
      return URI.create(url).getPath();
    }
  }

  /** A call the simulator placed: its CallSid, caller, and each webhook in the order delivered. */
  public record PlacedCall(String callSid, String from, List<Delivery> webhooks) {
    public PlacedCall {
      webhooks = List.copyOf(webhooks);
    }
  }

  /**
   * The connection override the README recommends on the console's <i>Call status changes</i> URL, and which
   * the simulator puts on it: two more tries on a 5xx or a connection that could not be made.
   */
  public static final String CONSOLE_STATUS_OVERRIDES = "#rc=2&rp=5xx,ct";

  private final String accountSid;
  private final String authToken;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(16, r -> {
    Thread t = new Thread(r, "carrier-simulator");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
  private final java.util.Set<String> optedOut = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final PrintStream console;
  private final SecureRandom random = new SecureRandom();
  private volatile String webhookBase;
  private volatile boolean retries = true;
  private volatile boolean statusCallbacks = true;
  private volatile Duration sendAnswerDelay = Duration.ZERO;

  public TwilioSimulator(PrintStream console) throws IOException {
    this.console = console;
    byte[] sid = new byte[16];
    random.nextBytes(sid);
    this.accountSid = "AC" + HexFormat.of().formatHex(sid);
    byte[] token = new byte[16];
    random.nextBytes(token);
    this.authToken = HexFormat.of().formatHex(token);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(threads);
    server.createContext("/2010-04-01/Accounts/", this::messagesApi);
    server.start();
  }

  public String accountSid() {
    return accountSid;
  }

  public String authToken() {
    return authToken;
  }

  /** Base URL of the fake REST API, for TWILIO_API_BASE_URL. */
  public String apiBaseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Where the server under test listens, e.g. {@code http://127.0.0.1:8080}. */
  public void webhooksAt(String baseUrl) {
    this.webhookBase = baseUrl;
  }

  /**
   * Whether webhooks are tried again as their connection overrides say (the default, as Twilio does); off, each
   * webhook is tried once, as a carrier that never asks again.
   */
  public void retryWebhooks(boolean on) {
    this.retries = on;
  }

  /**
   * Whether the number's <i>Call status changes</i> URL is set in the console (the default, as the README
   * recommends); unset, a call ends without the final status callback that decides what its other webhooks could
   * not.
   */
  public void callStatusCallbacks(boolean configured) {
    this.statusCallbacks = configured;
  }

  /**
   * How long the Messages API takes to answer a send it has accepted (default at once): the text is counted in
   * {@link #sent()} on arrival, so a sender that dies while waiting has had its text accepted all the same.
   */
  public void answerSendsAfter(Duration delay) {
    this.sendAnswerDelay = java.util.Objects.requireNonNull(delay, "delay == null");
  }

  public List<Sent> sent() {
    synchronized (sent) {
      return List.copyOf(sent);
    }
  }

  private void messagesApi(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String expected = "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String basic = "Basic " + Base64.getEncoder().encodeToString((accountSid + ":" + authToken)
        .getBytes(StandardCharsets.UTF_8));
    if (!basic.equals(auth)) {
      twilioError(ex, 401, 20003, "Authentication Error - invalid username");
      return;
    }
    if (!path.equals(expected) || !ex.getRequestMethod().equals("POST")) {
      twilioError(ex, 404, 20404, "The requested resource " + path + " was not found");
      return;
    }
    Map<String, List<String>> form = WebhookRequest.parseForm(new String(body(ex), StandardCharsets.UTF_8));
    String to = first(form, "To");
    String from = first(form, "From");
    String body = first(form, "Body");
    if (to == null || !to.matches("\\+[1-9][0-9]{6,14}")) {
      twilioError(ex, 400, 21211, "The 'To' number " + to + " is not a valid phone number.");
      return;
    }
    if (body == null || body.isEmpty()) {
      twilioError(ex, 400, 21602, "Message body is required.");
      return;
    }
    if (optedOut.contains(from + ">" + to)) {
      twilioError(ex, 400, 21610, "Attempt to send to unsubscribed recipient");
      return;
    }
    byte[] id = new byte[16];
    random.nextBytes(id);
    String sid = "SM" + HexFormat.of().formatHex(id);
    sent.add(new Sent(sid, from, to, body));
    console.printf("  [carrier] SMS %s -> %s: %s%n", from, to, body);
    if (!sendAnswerDelay.isZero()) {
      try {
        Thread.sleep(sendAnswerDelay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ObjectNode json = JSON.createObjectNode()
        .put("sid", sid).put("account_sid", accountSid).put("from", from).put("to", to).put("body", body)
        .put("status", "queued")
        .put("num_segments", String.valueOf(dev.textback.template.SmsSegments.analyze(body).segments())).put("direction", "outbound-api")
        .put("api_version", "2010-04-01").put("price", (String) null).put("error_code", (String) null)
        .put("uri", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json");
    send(ex, 201, "application/json", JSON.writeValueAsString(json));
    String callback = first(form, "StatusCallback");
    if (callback != null) {
      threads.submit(() -> {
        for (String status : List.of("sent", "delivered")) {
          Thread.sleep(150);
          post(callback, Map.of("MessageSid", sid, "SmsSid", sid, "AccountSid", accountSid, "From", from, "To", to,
              "MessageStatus", status, "SmsStatus", status, "ApiVersion", "2010-04-01"));
        }
        return null;
      });
    }
  }

  /** Reads at most {@link #MAX_BODY} bytes: a send is a few hundred. */
  private static byte[] body(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      return in.readNBytes(MAX_BODY);
    }
  }

  private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
    ex.close();
  }

  private static String first(Map<String, List<String>> form, String key) {
    List<String> v = form.get(key);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static void twilioError(HttpExchange ex, int status, int code, String message) throws IOException {
    ObjectNode json = JSON.createObjectNode().put("code", code).put("message", message)
        .put("more_info", "https://www.twilio.com/docs/errors/" + code).put("status", status);
    send(ex, status, "application/json", JSON.writeValueAsString(json));
  }

  /**
   * Places a call from {@code from} to the business number {@code to} that ends with the given
   * {@code DialCallStatus} ({@code no-answer}, {@code busy}, {@code completed}, {@code canceled}…). When the
   * server offers voicemail and {@code voicemailSeconds > 0}, the caller leaves a message that long.
   *
   * @return the call's CallSid
   */
  public String call(String from, String to, String dialCallStatus, int voicemailSeconds) throws IOException {
    return call(webhookBase, "CA" + hex(), from, to, dialCallStatus, voicemailSeconds);
  }

  /**
   * Places a call the way {@link #call(String, String, String, int)} does, against the server at
   * {@code webhookBase} with a given CallSid: delivering the same call to two servers is how a carrier's
   * retries reach two instances behind a load balancer.
   *
   * @throws IOException when a webhook of the call was not answered 2xx after its tries
   */
  public String call(String webhookBase, String callSid, String from, String to, String dialCallStatus,
      int voicemailSeconds) throws IOException {
    PlacedCall placed = placeCall(webhookBase, callSid, from, to, dialCallStatus, voicemailSeconds);
    for (Delivery d : placed.webhooks()) {
      if (!d.acknowledged()) {
        throw new IOException("POST " + d.url() + " answered " + d.answers() + " (" + NO_ANSWER_NOTE + ")");
      }
    }
    return callSid;
  }

  private static final String NO_ANSWER_NOTE = Delivery.NO_ANSWER + " = no answer";

  /**
   * Places a call and reports every webhook's answers instead of failing. As with Twilio, a webhook that is not
   * answered 2xx after its tries does not end the story: a failed incoming-call webhook means no {@code <Dial>}
   * (Twilio would try the number's fallback URL, which the simulator has none of), a failed action ends the
   * call, and the call's final status is sent in every case (unless {@link #callStatusCallbacks} is off).
   */
  public PlacedCall placeCall(String webhookBase, String callSid, String from, String to, String dialCallStatus,
      int voicemailSeconds) {
    List<Delivery> deliveries = new ArrayList<>();
    Map<String, String> base = new LinkedHashMap<>();
    base.put("CallSid", callSid);
    base.put("AccountSid", accountSid);
    base.put("From", from);
    base.put("To", to);
    base.put("Caller", from);
    base.put("Called", to);
    base.put("Direction", "inbound");
    base.put("ApiVersion", "2010-04-01");
    Map<String, String> ringing = new LinkedHashMap<>(base);
    ringing.put("CallStatus", "ringing");
    // Twilio follows the TwiML it gets back: the <Dial> action, then a <Record> action or the <Redirect> after
    // it. The simulator does the same, so it exercises exactly the URLs the server hands out.
    String twiml = deliver(webhookBase + "/webhooks/twilio/voice", ringing, deliveries);
    String dialAction = twiml == null ? null : attribute(twiml, "Dial", "action");
    if (dialAction != null) {
      Map<String, String> dial = new LinkedHashMap<>(base);
      dial.put("CallStatus", "in-progress");
      dial.put("DialCallStatus", dialCallStatus);
      dial.put("DialCallSid", "CA" + hex());
      dial.put("DialCallDuration", dialCallStatus.equals("completed") ? "95" : "0");
      dial.put("DialBridged", String.valueOf(dialCallStatus.equals("completed")));
      twiml = deliver(dialAction, dial, deliveries);
    }
    String recordAction = twiml == null ? null : attribute(twiml, "Record", "action");
    if (recordAction != null) {
      Map<String, String> after = new LinkedHashMap<>(base);
      after.put("CallStatus", "in-progress");
      if (voicemailSeconds > 0) {
        String recordingSid = "RE" + hex();
        after.put("RecordingSid", recordingSid);
        after.put("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/" + accountSid + "/Recordings/"
            + recordingSid);
        after.put("RecordingDuration", String.valueOf(voicemailSeconds));
        deliver(recordAction, after, deliveries);
      } else {
        String redirect = element(twiml, "Redirect");
        if (redirect != null) deliver(redirect, after, deliveries);
      }
    }
    if (statusCallbacks) {
      Map<String, String> done = new LinkedHashMap<>(base);
      done.put("CallStatus", "completed");
      done.put("CallDuration", "30");
      deliver(webhookBase + "/webhooks/twilio/voice/status" + CONSOLE_STATUS_OVERRIDES, done, deliveries);
    }
    return new PlacedCall(callSid, from, deliveries);
  }

  /** Delivers one webhook, noting it in {@code deliveries}; returns the body when answered 2xx, else null. */
  private @Nullable String deliver(String urlWithOverrides, Map<String, String> params, List<Delivery> deliveries) {
    Answer answer = send(urlWithOverrides, params);
    deliveries.add(answer.delivery());
    return answer.delivery().acknowledged() ? answer.body() : null;
  }

  private static String attribute(String twiml, String element, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<" + element + "\\b[^>]*\\s" + name + "=\"([^\"]*)\"")
        .matcher(twiml);
    return m.find() ? unescape(m.group(1)) : null;
  }

  private static String element(String twiml, String element) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<" + element + "\\b[^>]*>([^<]*)</" + element + ">")
        .matcher(twiml);
    return m.find() ? unescape(m.group(1)) : null;
  }

  private static String unescape(String xml) {
    return xml.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
        .replace("&amp;", "&");
  }

  /** A new random CallSid. */
  public String newCallSid() {
    return "CA" + hex();
  }

  /** Delivers a text from {@code from} to the business number {@code to}; returns the TwiML's {@code <Message>}. */
  @Override
  public java.util.Optional<String> text(String from, String to, String body) throws IOException {
    String keyword = body.trim().toUpperCase(java.util.Locale.ROOT);
    // Twilio's own opt-out handling on long codes: after STOP, sends to that number fail with 21610.
    if (java.util.Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT").contains(keyword)) {
      optedOut.add(to + ">" + from);
    } else if (java.util.Set.of("START", "YES", "UNSTOP").contains(keyword)) {
      optedOut.remove(to + ">" + from);
    }
    Map<String, String> p = new LinkedHashMap<>();
    p.put("MessageSid", "SM" + hex());
    p.put("SmsSid", p.get("MessageSid"));
    p.put("AccountSid", accountSid);
    p.put("From", from);
    p.put("To", to);
    p.put("Body", body);
    p.put("NumMedia", "0");
    p.put("NumSegments", "1");
    p.put("ApiVersion", "2010-04-01");
    return java.util.Optional.ofNullable(element(post(webhookBase + "/webhooks/twilio/sms", p), "Message"));
  }

  private String hex() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * Posts a form the way Twilio does, signed with X-Twilio-Signature, trying again as the URL's connection
   * overrides say; returns the body of the answer. A URL fragment (Twilio's connection overrides) is neither
   * sent nor signed, as with Twilio.
   *
   * @throws IOException when the last try was not answered 2xx
   */
  String post(String urlWithOverrides, Map<String, String> params) throws IOException {
    Answer answer = send(urlWithOverrides, params);
    if (!answer.delivery().acknowledged()) {
      throw new IOException("POST " + answer.delivery().url() + " answered " + answer.delivery().answers() + " ("
          + NO_ANSWER_NOTE + ")" + (answer.body() == null ? "" : ": " + answer.body().trim()));
    }
    return answer.body();
  }

  /** The answers to one webhook, and the body of the last one (null when it got none). */
  private record Answer(Delivery delivery, @Nullable String body) {}

  /** Twilio's connection overrides, with Twilio's defaults for those the fragment does not set. */
  record Overrides(int retries, Set<String> retryOn, Duration perTry, Duration total) {
    static Overrides parse(String fragment) {
      Map<String, String> values = new LinkedHashMap<>();
      for (String pair : fragment.split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv.length == 2) values.put(kv[0], kv[1]);
      }
      int rc = Math.max(0, Math.min(5, Integer.parseInt(values.getOrDefault("rc", "1"))));
      Set<String> rp = Set.of(values.getOrDefault("rp", "ct").split(","));
      long rt = Math.max(100, Math.min(15_000, Long.parseLong(values.getOrDefault("rt", "15000"))));
      long tt = Math.max(100, Math.min(15_000, Long.parseLong(values.getOrDefault("tt", "15000"))));
      return new Overrides(rc, rp, Duration.ofMillis(rt), Duration.ofMillis(tt));
    }

    /** Whether a try that ended so is tried again: {@code status} is the answer, or 0 with how it failed. */
    boolean retries(int status, boolean connected) {
      if (retryOn.contains("all")) return true;
      if (status == Delivery.NO_ANSWER) return retryOn.contains(connected ? "rt" : "ct");
      return status >= 500 && retryOn.contains("5xx") || status >= 400 && status < 500 && retryOn.contains("4xx");
    }
  }

  private Answer send(String urlWithOverrides, Map<String, String> params) {
    int hash = urlWithOverrides.indexOf('#');
    String url = hash < 0 ? urlWithOverrides : urlWithOverrides.substring(0, hash);
    Overrides overrides = Overrides.parse(hash < 0 ? "" : urlWithOverrides.substring(hash + 1));
    StringBuilder form = new StringBuilder();
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (form.length() > 0) form.append('&');
      form.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    String signature = sign(authToken, url, params);
    long deadline = System.nanoTime() + overrides.total().toNanos();
    List<Integer> answers = new ArrayList<>();
    @Nullable String body = null;
    for (int attempt = 0; ; attempt++) {
      long left = deadline - System.nanoTime();
      Duration timeout = Duration.ofNanos(Math.min(overrides.perTry().toNanos(), left));
      HttpRequest request = HttpRequest.newBuilder(URI.create(url))
          .timeout(timeout)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .header("X-Twilio-Signature", signature)
          .header("I-Twilio-Idempotency-Token", hex())
          .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
          .build();
      int status;
      boolean connected;
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        status = response.statusCode();
        connected = true;
        body = response.body();
      } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
        status = Delivery.NO_ANSWER;
        connected = false;
        body = null;
      } catch (IOException e) {
        // Reset, closed or timed out after the request may have gone out.
        status = Delivery.NO_ANSWER;
        connected = true;
        body = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        answers.add(Delivery.NO_ANSWER);
        return new Answer(new Delivery(url, answers), null);
      }
      answers.add(status);
      boolean again = retries && attempt < overrides.retries() && overrides.retries(status, connected)
          && deadline - System.nanoTime() > TimeUnit.MILLISECONDS.toNanos(100);
      if (!again) return new Answer(new Delivery(url, answers), body);
    }
  }

  /** Signs as Twilio does; the computation is the adapter's own, so the simulator never drifts from it. */
  public static String sign(String authToken, String url, Map<String, String> params) {
    Map<String, List<String>> multi = new LinkedHashMap<>();
    params.forEach((k, v) -> multi.put(k, List.of(v)));
    return new dev.textback.twilio.TwilioSignatureVerifier(authToken, null).sign(url, multi);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
