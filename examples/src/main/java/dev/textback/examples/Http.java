package dev.textback.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Glue between the JDK's HTTP server and textback's plain webhook values, plus JSON helpers. */
final class Http {
  /** Larger bodies are cut off here and rejected: no carrier webhook comes close. */
  static final int MAX_BODY = 256 * 1024;

  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private Http() {}

  /** Reads at most {@link #MAX_BODY} + 1 bytes, so an oversized body is detectable without buffering it all. */
  static byte[] body(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      return in.readNBytes(MAX_BODY + 1);
    }
  }

  /** The request as the carrier sent it, with the URL it called as seen from outside. */
  static WebhookRequest webhookRequest(HttpExchange ex, String publicBaseUrl, byte[] body) {
    String pathAndQuery = ex.getRequestURI().getRawPath()
        + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
    Map<String, List<String>> headers = ex.getRequestHeaders();
    return WebhookRequest.of(ex.getRequestMethod(), publicBaseUrl + pathAndQuery, headers, body);
  }

  static void send(HttpExchange ex, WebhookResponse r) throws IOException {
    send(ex, r.status(), r.contentType(), r.body());
  }

  static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
    ex.close();
  }

  static void json(HttpExchange ex, int status, Object value) throws IOException {
    send(ex, status, "application/json; charset=utf-8", JSON.writeValueAsString(value));
  }

  static void error(HttpExchange ex, int status, String message) throws IOException {
    json(ex, status, Map.of("error", message));
  }
}
