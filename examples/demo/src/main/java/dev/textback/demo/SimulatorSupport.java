package dev.textback.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/** The plumbing the Vonage and Plivo simulators share: a loopback API server, webhook posts, answers. */
final class SimulatorSupport implements AutoCloseable {
  /** Bodies the simulators read are capped: they play a carrier API, and no send request comes close. */
  static final int MAX_BODY = 256 * 1024;

  final HttpServer server;
  final ExecutorService threads;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  SimulatorSupport(String threadName) throws IOException {
    this.threads = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(threads);
  }

  void start() {
    server.start();
  }

  /** Base URL of the fake API. */
  String apiBaseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** An answer to a webhook: its status and body. */
  record Answer(int status, String body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /**
   * Posts {@code body} to {@code url} with {@code headers}.
   *
   * @throws IOException when the server does not answer 2xx, naming the URL and the answer
   */
  Answer post(String url, String contentType, String body, Map<String, String> headers) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted posting to " + url, e);
    }
    Answer answer = new Answer(response.statusCode(), response.body());
    if (!answer.ok()) throw new IOException("POST " + url + " answered " + answer.status() + ": " + answer.body().trim());
    return answer;
  }

  static String form(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static byte[] body(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      return in.readNBytes(MAX_BODY);
    }
  }

  static void reply(HttpExchange ex, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
    ex.close();
  }

  /** {@code +17205550142} as carriers that drop the plus put it on the wire; anything else as it is. */
  static String digits(String number) {
    return number.startsWith("+") ? number.substring(1) : number;
  }

  /** A wire number back to E.164. */
  static String e164(String digits) {
    return digits.matches("[1-9][0-9]{6,14}") ? "+" + digits : digits;
  }

  /** Pauses between a send and its delivery reports, as a carrier's network takes a moment. */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
