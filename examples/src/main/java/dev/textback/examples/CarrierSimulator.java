package dev.textback.examples;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for Twilio on loopback, for demos and tests without credentials or network. Its REST side
 * accepts {@code Messages.json} sends the way Twilio does (Basic auth, form body, JSON answer) and reports
 * delivery to the status callback; its carrier side places calls and delivers texts to the server through
 * the same signed webhooks Twilio sends. The real Twilio adapter talks to it unchanged.
 */
public final class CarrierSimulator implements AutoCloseable {
  /** A text the server sent through the simulator. */
  public record Sent(String sid, String from, String to, String body) {}

  private final String accountSid;
  private final String authToken;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
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

  public CarrierSimulator(PrintStream console) throws IOException {
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
    ObjectNode json = Http.JSON.createObjectNode()
        .put("sid", sid).put("account_sid", accountSid).put("from", from).put("to", to).put("body", body)
        .put("status", "queued")
        .put("num_segments", String.valueOf(dev.textback.template.SmsSegments.analyze(body).segments())).put("direction", "outbound-api")
        .put("api_version", "2010-04-01").put("price", (String) null).put("error_code", (String) null)
        .put("uri", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json");
    send(ex, 201, "application/json", Http.JSON.writeValueAsString(json));
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

  /** Reads at most {@link Http#MAX_BODY} bytes: a send is a few hundred. */
  private static byte[] body(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      return in.readNBytes(Http.MAX_BODY);
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
    ObjectNode json = Http.JSON.createObjectNode().put("code", code).put("message", message)
        .put("more_info", "https://www.twilio.com/docs/errors/" + code).put("status", status);
    send(ex, status, "application/json", Http.JSON.writeValueAsString(json));
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
   */
  public String call(String webhookBase, String callSid, String from, String to, String dialCallStatus,
      int voicemailSeconds) throws IOException {
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
    String twiml = post(webhookBase + "/webhooks/twilio/voice", ringing);
    String dialAction = attribute(twiml, "Dial", "action");
    if (dialAction != null) {
      Map<String, String> dial = new LinkedHashMap<>(base);
      dial.put("CallStatus", "in-progress");
      dial.put("DialCallStatus", dialCallStatus);
      dial.put("DialCallSid", "CA" + hex());
      dial.put("DialCallDuration", dialCallStatus.equals("completed") ? "95" : "0");
      dial.put("DialBridged", String.valueOf(dialCallStatus.equals("completed")));
      twiml = post(dialAction, dial);
    }
    String recordAction = attribute(twiml, "Record", "action");
    if (recordAction != null) {
      Map<String, String> after = new LinkedHashMap<>(base);
      after.put("CallStatus", "in-progress");
      if (voicemailSeconds > 0) {
        String recordingSid = "RE" + hex();
        after.put("RecordingSid", recordingSid);
        after.put("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/" + accountSid + "/Recordings/"
            + recordingSid);
        after.put("RecordingDuration", String.valueOf(voicemailSeconds));
        post(recordAction, after);
      } else {
        String redirect = element(twiml, "Redirect");
        if (redirect != null) post(redirect, after);
      }
    }
    Map<String, String> done = new LinkedHashMap<>(base);
    done.put("CallStatus", "completed");
    done.put("CallDuration", "30");
    post(webhookBase + "/webhooks/twilio/voice/status", done);
    return callSid;
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

  /** Delivers a text from {@code from} to the business number {@code to}; returns the server's TwiML. */
  public String text(String from, String to, String body) throws IOException {
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
    return post(webhookBase + "/webhooks/twilio/sms", p);
  }

  private String hex() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * Posts a form the way Twilio does, signed with X-Twilio-Signature; returns the body of the answer. A URL
   * fragment (Twilio's connection overrides) is neither sent nor signed, as with Twilio.
   */
  String post(String urlWithOverrides, Map<String, String> params) throws IOException {
    String url = urlWithOverrides.replaceFirst("#.*$", "");
    StringBuilder form = new StringBuilder();
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (form.length() > 0) form.append('&');
      form.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", sign(authToken, url, params))
        .header("I-Twilio-Idempotency-Token", hex())
        .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
        .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IOException("POST " + url + " answered " + response.statusCode() + ": " + response.body().trim());
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Signs as Twilio does; the computation is the adapter's own, so the simulator never drifts from it. */
  static String sign(String authToken, String url, Map<String, String> params) {
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
