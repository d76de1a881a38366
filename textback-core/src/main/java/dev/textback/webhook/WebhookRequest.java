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
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.computeIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), x -> new ArrayList<>())
            .add(URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new MalformedWebhookException("body is not valid form encoding: " + e.getMessage());
      }
    }
    return out;
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
