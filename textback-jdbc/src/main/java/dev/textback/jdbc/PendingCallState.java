package dev.textback.jdbc;

import dev.textback.TextBackException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A pending call's values as one text column: form encoding, which keeps order and needs no JSON library. */
final class PendingCallState {
  private static final int MAX_CHARS = 4000;

  private PendingCallState() {}

  static String encode(Map<String, String> values) {
    StringBuilder sb = new StringBuilder();
    values.forEach((k, v) -> {
      if (sb.length() > 0) sb.append('&');
      sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    if (sb.length() > MAX_CHARS) {
      throw new TextBackException("pending-call state of " + sb.length() + " characters is over the limit of "
          + MAX_CHARS);
    }
    return sb.toString();
  }

  static Map<String, String> decode(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) return out;
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
