package dev.textback.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.textback.webhook.WebhookRequest;

/** Glue between the server's HTTP values and textback's plain webhook values, plus the JSON mapper. */
final class Http {
  /** Larger bodies are refused with 413 before a handler sees them: no carrier webhook comes close. */
  static final int MAX_BODY = 256 * 1024;

  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private Http() {}

  /** The request as the carrier sent it, with the URL it called as seen from outside. */
  static WebhookRequest webhookRequest(HttpCall call, String publicBaseUrl) {
    String pathAndQuery = call.rawPath() + (call.rawQuery() == null ? "" : "?" + call.rawQuery());
    return WebhookRequest.of(call.method(), publicBaseUrl + pathAndQuery, call.headers(), call.body());
  }

  /** Text from a client made safe for a log line: control characters are written as Java escapes, never raw. */
  static String printable(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      if (Character.isISOControl(c)) out.append(String.format("\\u%04x", c));
      else out.appendCodePoint(c);
    });
    return out.toString();
  }
}
