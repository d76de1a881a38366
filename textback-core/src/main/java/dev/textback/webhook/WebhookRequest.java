package dev.textback.webhook;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request a carrier sent, as plain values, so textback fits any web framework: the method, the full
 * public URL the carrier called (what it signed, which behind a proxy differs from the local URL), the
 * headers and the raw body. Immutable and thread-safe.
 */
public final class WebhookRequest {
  private final String method;
  private final String publicUrl;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  /**
   * The body's form parameters, decoded at the first ask: a webhook's signature check and its parsing both read them.
   * Decoding the form was a sixth of what the reference server allocated per call, half of it for the second time.
   */
  private volatile @Nullable Map<String, List<String>> form;

  private WebhookRequest(String method, String publicUrl, Map<String, List<String>> headers, byte[] body) {
    this.method = Objects.requireNonNull(method, "method == null").toUpperCase(Locale.ROOT);
    this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl == null");
    Map<String, List<String>> h = new LinkedHashMap<>();
    Objects.requireNonNull(headers, "headers == null").forEach((k, v) ->
        h.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
    h.replaceAll((k, v) -> List.copyOf(v));
    this.headers = Collections.unmodifiableMap(h);
    this.body = Objects.requireNonNull(body, "body == null").clone();
  }

  /**
   * @param method HTTP method
   * @param publicUrl the full URL as the carrier called it, with query string
   * @param headers header names are matched case-insensitively
   * @param body the raw body, exactly as received
   */
  public static WebhookRequest of(String method, String publicUrl, Map<String, List<String>> headers, byte[] body) {
    return new WebhookRequest(method, publicUrl, headers, body);
  }

  /** A form-encoded POST, handy in tests and simple hosts. */
  public static WebhookRequest formPost(String publicUrl, Map<String, List<String>> headers, String formBody) {
    Map<String, List<String>> h = new LinkedHashMap<>(headers);
    h.putIfAbsent("Content-Type", List.of("application/x-www-form-urlencoded"));
    return new WebhookRequest("POST", publicUrl, h, formBody.getBytes(StandardCharsets.UTF_8));
  }

  public String method() {
    return method;
  }

  public String publicUrl() {
    return publicUrl;
  }

  /** All headers, names in lower case. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of a header, matched case-insensitively. */
  public Optional<String> header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** A copy of the raw body. */
  public byte[] body() {
    return body.clone();
  }

  public int bodyLength() {
    return body.length;
  }

  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The media type of the body without parameters, lower case; empty when absent. */
  public String contentType() {
    return header("content-type").map(v -> v.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)).orElse("");
  }

  /**
   * Decodes an {@code application/x-www-form-urlencoded} string (a body or a query string) into ordered
   * parameters.
   *
   * @throws MalformedWebhookException when the encoding is broken
   */
  public static Map<String, List<String>> parseForm(String encoded) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) return out;
    forEachPair(encoded, (name, value) -> out.computeIfAbsent(name, x -> new ArrayList<>(1)).add(value));
    return out;
  }

  /** Receives the pairs of a form in order. */
  private interface PairSink {
    void accept(String name, String value);
  }

  /**
   * Decodes each {@code name=value} pair between the {@code &}s, as {@link URLDecoder} in UTF-8 would, without
   * splitting the string first: a webhook's form is decoded on every call, and most of its names and values hold
   * no escapes at all, so they are cut out of the form once and not copied again.
   */
  private static void forEachPair(String encoded, PairSink sink) {
    int length = encoded.length();
    for (int from = 0; from < length; ) {
      int end = encoded.indexOf('&', from);
      if (end < 0) end = length;
      if (end > from) {
        // Looked for within the pair only: a form of many pairs without '=' would otherwise be read to its end
        // once per pair.
        int eq = from;
        while (eq < end && encoded.charAt(eq) != '=') eq++;
        if (eq == end) {
          sink.accept(decode(encoded, from, end), "");
        } else {
          sink.accept(decode(encoded, from, eq), decode(encoded, eq + 1, end));
        }
      }
      from = end + 1;
    }
  }

  /**
   * {@code encoded[from, to)} decoded as {@code URLDecoder.decode(…, UTF_8)} decodes it, to the same string and
   * refusing the same input: {@code +} is a space, each run of {@code %XX} escapes is one run of UTF-8 bytes (a
   * malformed sequence becomes U+FFFD), other characters stay as they are.
   */
  private static String decode(String encoded, int from, int to) {
    int first = from;
    while (first < to && encoded.charAt(first) != '%' && encoded.charAt(first) != '+') first++;
    if (first == to) return encoded.substring(from, to);
    StringBuilder out = new StringBuilder(to - from);
    out.append(encoded, from, first);
    byte[] bytes = null;
    for (int i = first; i < to; ) {
      char c = encoded.charAt(i);
      if (c == '+') {
        out.append(' ');
        i++;
      } else if (c != '%') {
        out.append(c);
        i++;
      } else {
        if (bytes == null) bytes = new byte[(to - i) / 3];
        int n = 0;
        while (i < to && encoded.charAt(i) == '%') {
          if (i + 2 >= to) {
            throw new MalformedWebhookException("body is not valid form encoding: the escape (%) at character " + i
                + " is cut short");
          }
          int b = escapedByte(encoded.charAt(i + 1), encoded.charAt(i + 2));
          if (b < 0) {
            throw new MalformedWebhookException("body is not valid form encoding: the escape (%) at character " + i
                + " is not followed by two hex digits");
          }
          bytes[n++] = (byte) b;
          i += 3;
        }
        out.append(new String(bytes, 0, n, StandardCharsets.UTF_8));
      }
    }
    return out.toString();
  }

  /**
   * The byte of the escape {@code %hl}, or -1 when it is none, read as {@link URLDecoder} reads it (with
   * {@code Integer.parseInt(…, 16)}, which also takes a sign: {@code %+f} is 0x0f and {@code %-0} is 0, while any
   * other negative is refused).
   */
  private static int escapedByte(char high, char low) {
    int l = Character.digit(low, 16);
    if (l < 0) return -1;
    if (high == '+') return l;
    if (high == '-') return l == 0 ? 0 : -1;
    int h = Character.digit(high, 16);
    return h < 0 ? -1 : (h << 4) | l;
  }

  /**
   * The body decoded as form parameters, in the order received; unmodifiable, decoded once per request.
   *
   * @throws MalformedWebhookException when it is not form encoding
   */
  public Map<String, List<String>> formParameters() {
    Map<String, List<String>> decoded = form;
    if (decoded == null) {
      Map<String, List<String>> parsed = parseForm(bodyAsString());
      parsed.replaceAll((k, v) -> List.copyOf(v));
      decoded = Collections.unmodifiableMap(parsed);
      form = decoded; // two threads decoding at once store equal maps: either may stay
    }
    return decoded;
  }

  @Override
  public String toString() {
    return "WebhookRequest[" + method + " " + publicUrl.replaceAll("\\?.*", "?…") + ", " + body.length + " bytes]";
  }
}
