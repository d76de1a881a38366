package dev.textback.server;

import dev.textback.demo.TwilioSimulator;
import dev.textback.demo.Demo;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reference server on a free port, configured through its environment like a real one, with the Twilio
 * simulator as its carrier: for tests that talk HTTP to the server from outside.
 */
final class RunningServer implements AutoCloseable {
  static final String LINE = "+13035550142";
  static final String TOKEN = "test-token";

  final TwilioSimulator carrier;
  final TextbackServer server;
  private final String host;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private RunningServer(TwilioSimulator carrier, TextbackServer server, String host) {
    this.carrier = carrier;
    this.server = server;
    this.host = host;
  }

  static RunningServer start() throws IOException {
    return start(Map.of());
  }

  /** Starts a server whose environment is the usual test one plus {@code extraEnv}. */
  static RunningServer start(Map<String, String> extraEnv) throws IOException {
    // A July afternoon, so quiet hours never hold the text whatever time the test runs.
    return start(extraEnv,
        Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), Demo.STORY_START.toInstant())));
  }

  /** As {@link #start(Map)}, on the given clock. */
  static RunningServer start(Map<String, String> extraEnv, Clock clock) throws IOException {
    TwilioSimulator carrier = new TwilioSimulator(new PrintStream(PrintStream.nullOutputStream()));
    try {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("TEXTBACK_PORT", "0");
      env.put("TEXTBACK_CONFIG", "unused-in-this-test.json");
      env.put("TEXTBACK_STORE", "memory");
      env.put("TEXTBACK_ADMIN_TOKEN", TOKEN);
      env.put("TWILIO_ACCOUNT_SID", carrier.accountSid());
      env.put("TWILIO_AUTH_TOKEN", carrier.authToken());
      env.put("TWILIO_API_BASE_URL", carrier.apiBaseUrl());
      env.putAll(extraEnv);
      Settings settings = Settings.from(env, new String[0]);
      TextbackServer server = TextbackServer.start(settings, Demo.sampleConfig(), clock, null);
      String host = extraEnv.getOrDefault("TEXTBACK_BIND_ADDRESS", "127.0.0.1");
      RunningServer running = new RunningServer(carrier, server, host);
      carrier.webhooksAt(running.base());
      return running;
    } catch (IOException | RuntimeException e) {
      carrier.close();
      throw e;
    }
  }

  String host() {
    return host;
  }

  int port() {
    return server.port();
  }

  String base() {
    return "http://" + host + ":" + server.port();
  }

  /** Sends a request without a body; {@code headers} alternate names and values. */
  HttpResponse<String> send(String method, String path, Duration timeout, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(timeout)
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(String method, String path, String... headers) throws IOException, InterruptedException {
    return send(method, path, Duration.ofSeconds(30), headers);
  }

  /** POSTs a JSON body with the admin token. */
  HttpResponse<String> adminPost(String path, String json) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends with the admin token. */
  HttpResponse<String> admin(String method, String path) throws IOException, InterruptedException {
    return send(method, path, "Authorization", "Bearer " + TOKEN);
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      carrier.close();
    }
  }
}
