package dev.textback.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.textback.webhook.WebhookResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers, whichever HTTP server writes it: status, content type, body and any further
 * headers. The front adds what every response carries (caching and security headers).
 */
record HttpReply(int status, String contentType, byte[] body, Map<String, String> headers) {
  static final String TEXT = "text/plain; charset=utf-8";
  static final String JSON = "application/json; charset=utf-8";

  HttpReply {
    headers = Map.copyOf(headers);
  }

  static HttpReply of(int status, String contentType, String body) {
    return new HttpReply(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  static HttpReply text(int status, String body) {
    return of(status, TEXT, body);
  }

  /** A carrier adapter's answer (TwiML, NCCO, XML), unchanged. */
  static HttpReply of(WebhookResponse response) {
    return of(response.status(), response.contentType(), response.body());
  }

  static HttpReply json(int status, Object value) {
    try {
      return new HttpReply(status, JSON, Http.JSON.writeValueAsBytes(value), Map.of());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + value.getClass().getName(), e);
    }
  }

  /** {@code {"error": message}}, the API's error shape. */
  static HttpReply error(int status, String message) {
    return json(status, Map.of("error", message));
  }

  /** 405 for a route that exists but not for this method; {@code allow} lists the methods it takes. */
  static HttpReply methodNotAllowed(HttpCall call, String allow, boolean json) {
    String message = call.method() + " is not allowed here (allowed: " + allow + ")";
    return (json ? error(405, message) : text(405, message + "\n")).withHeader("Allow", allow);
  }

  HttpReply withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new HttpReply(status, contentType, body, h);
  }
}
