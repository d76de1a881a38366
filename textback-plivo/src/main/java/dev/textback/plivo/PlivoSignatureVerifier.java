package dev.textback.plivo;

import dev.textback.carrier.PublicUrl;
import dev.textback.carrier.WebhookVerifier;
import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Checks Plivo's callback signatures, Base64 of HMAC-SHA256 keyed with the auth token:
 *
 * <ul>
 *   <li><b>V3</b> ({@code X-Plivo-Signature-V3}, or {@code X-Plivo-Signature-Ma-V3}, with
 *       {@code X-Plivo-Signature-V3-Nonce}) over the URL and the parameters. The URL is
 *       {@code scheme://host[:port]/path} (the port and a trailing slash kept as called, no fragment). A GET
 *       appends {@code ?} and its query parameters sorted by name as {@code name=value} joined with {@code &}. A
 *       POST appends {@code ?}, the sorted query parameters the same way, {@code .} when there are both, and the
 *       body parameters sorted by name as {@code namevalue} with no separators; with neither, nothing. Then
 *       {@code .} and the nonce. Names sort by UTF-16 code unit, case-sensitively (uppercase first); values of a
 *       repeated name sort the same way. The header may hold several signatures separated by commas (Plivo lists
 *       one per active auth token); one match is enough.
 *   <li><b>V2</b> ({@code X-Plivo-Signature-V2}, or {@code -Ma-V2}, with {@code X-Plivo-Signature-V2-Nonce}),
 *       only when no V3 header came and V2 is accepted: over the URL without query, followed directly by the nonce.
 *       It does not cover the parameters or the body: a V2 header pair seen once passes with any body posted to
 *       the same URL. Accept it only where a forged body does little harm ({@link PlivoWebhooks} accepts it on the
 *       messaging routes alone, and only when {@link PlivoConfig#acceptSignatureV2()} is on).
 * </ul>
 *
 * <p>The URL is the public one: the configured public base URL plus the request's path and query, or the
 * request's own URL; a URL with user info is also tried without it. Plivo's Java SDK drops the port and compares
 * the method by reference; this does neither. Every candidate is computed and compared in constant time.
 * Immutable and thread-safe.
 */
public final class PlivoSignatureVerifier implements WebhookVerifier {
  /** The header holding V3 signatures made with the (sub)account's auth token. */
  public static final String V3_HEADER = "X-Plivo-Signature-V3";
  /** The header holding V3 signatures made with the main account's auth token. */
  public static final String V3_MAIN_ACCOUNT_HEADER = "X-Plivo-Signature-Ma-V3";
  /** The nonce both V3 headers are computed with. */
  public static final String V3_NONCE_HEADER = "X-Plivo-Signature-V3-Nonce";
  /** The header holding V2 signatures made with the (sub)account's auth token. */
  public static final String V2_HEADER = "X-Plivo-Signature-V2";
  /** The header holding V2 signatures made with the main account's auth token. */
  public static final String V2_MAIN_ACCOUNT_HEADER = "X-Plivo-Signature-Ma-V2";
  /** The nonce both V2 headers are computed with. */
  public static final String V2_NONCE_HEADER = "X-Plivo-Signature-V2-Nonce";

  private static final String HMAC = "HmacSHA256";
  private static final String FORM = "application/x-www-form-urlencoded";

  private final SecretKeySpec key;
  /**
   * Keyed once and copied for each signature: looking the algorithm up and keying it again took more time than the
   * HMAC itself. Never used directly, so copies taken at once by several threads all start from the key alone.
   */
  private final Mac keyed;
  private final PublicUrl publicUrl;
  private final boolean acceptV2;

  /**
   * @param authToken the auth token Plivo signs with
   * @param publicBaseUrl when not null, the signed URL is this base plus the request's path and query (see
   *     {@link PlivoConfig#publicBaseUrl()}); when null, the request's own public URL
   * @param acceptV2 whether a request with V2 headers and no V3 header may pass (the body is then unchecked)
   */
  public PlivoSignatureVerifier(String authToken, @Nullable String publicBaseUrl, boolean acceptV2) {
    Objects.requireNonNull(authToken, "authToken == null");
    if (authToken.isEmpty()) throw new IllegalArgumentException("authToken is empty");
    this.key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), HMAC);
    this.keyed = newMac();
    this.publicUrl = new PublicUrl(publicBaseUrl);
    this.acceptV2 = acceptV2;
  }

  /**
   * The verifier a configuration asks for.
   *
   * @param config the adapter's settings
   * @return a verifier with its auth token, public base URL and V2 setting
   */
  public static PlivoSignatureVerifier create(PlivoConfig config) {
    return new PlivoSignatureVerifier(config.authToken(), config.publicBaseUrl().orElse(null),
        config.acceptSignatureV2());
  }

  /**
   * Checks a callback's signature: V3 when a V3 header came, else V2 when accepted. A POST is checked over its
   * form parameters (none when the body is not a form); any other method over its URL.
   *
   * @param request the callback as received
   * @throws WebhookVerificationException when the headers are missing or no signature matches
   * @throws MalformedWebhookException when a form body or the query is not valid form encoding
   */
  public void verify(WebhookRequest request) {
    String url = signedUrl(request.publicUrl());
    List<String> v3 = signatures(request, V3_HEADER, V3_MAIN_ACCOUNT_HEADER);
    if (!v3.isEmpty()) {
      String nonce = request.header(V3_NONCE_HEADER).map(String::trim).orElse("");
      if (nonce.isEmpty()) throw new WebhookVerificationException("missing " + V3_NONCE_HEADER + " header", url);
      Map<String, List<String>> params = isForm(request) ? request.formParameters() : Map.of();
      if (!isValidV3(request.method(), url, params, nonce, v3)) {
        throw new WebhookVerificationException(V3_HEADER + " does not match", url);
      }
      return;
    }
    List<String> v2 = signatures(request, V2_HEADER, V2_MAIN_ACCOUNT_HEADER);
    if (v2.isEmpty() || !acceptV2) {
      throw new WebhookVerificationException("missing " + V3_HEADER + " header"
          + (v2.isEmpty() ? "" : " (V2 signatures are not accepted)"), url);
    }
    String nonce = request.header(V2_NONCE_HEADER).map(String::trim).orElse("");
    if (nonce.isEmpty()) throw new WebhookVerificationException("missing " + V2_NONCE_HEADER + " header", url);
    if (!isValidV2(url, nonce, v2)) throw new WebhookVerificationException(V2_HEADER + " does not match", url);
  }

  /** Plivo's signatures are not time-bound (the nonce is not a timestamp): {@code now} is not read. */
  @Override
  public void verify(WebhookRequest request, Instant now) {
    verify(request);
  }

  /**
   * Whether one of {@code signatures} is the V3 signature of a request.
   *
   * @param method the HTTP method; {@code GET} (in any case) signs the query, anything else the POST form
   * @param url the public URL called, with its query
   * @param params decoded POST form parameters; ignored for a GET
   * @param nonce the {@value #V3_NONCE_HEADER} header
   * @param signatures the signatures received (each element may itself be a comma-separated list)
   * @return true when one matches
   */
  public boolean isValidV3(String method, String url, Map<String, List<String>> params, String nonce,
      List<String> signatures) {
    Set<byte[]> expected = new LinkedHashSet<>();
    for (String candidate : urlSpellings(url)) {
      expected.add(signV3(method, candidate, params, nonce).getBytes(StandardCharsets.US_ASCII));
    }
    return anyMatches(signatures, expected);
  }

  /**
   * Whether one of {@code signatures} is the V2 signature of {@code url} and {@code nonce}.
   *
   * @param url the public URL called; its query is not signed
   * @param nonce the {@value #V2_NONCE_HEADER} header
   * @param signatures the signatures received (each element may itself be a comma-separated list)
   * @return true when one matches
   */
  public boolean isValidV2(String url, String nonce, List<String> signatures) {
    Set<byte[]> expected = new LinkedHashSet<>();
    for (String candidate : urlSpellings(url)) {
      expected.add(signV2(candidate, nonce).getBytes(StandardCharsets.US_ASCII));
    }
    return anyMatches(signatures, expected);
  }

  /**
   * The V3 signature Plivo sends for a request, computed over exactly {@code url} (handy for signing requests in
   * tests).
   *
   * @param method the HTTP method
   * @param url the URL called, with its query
   * @param params decoded POST form parameters; ignored for a GET
   * @param nonce the nonce
   * @return the Base64 signature
   */
  public String signV3(String method, String url, Map<String, List<String>> params, String nonce) {
    return hmac(stringToSignV3(method, url, params) + "." + nonce);
  }

  /**
   * The V2 signature of {@code url} (without its query) and {@code nonce}.
   *
   * @param url the URL called
   * @param nonce the nonce
   * @return the Base64 signature
   */
  public String signV2(String url, String nonce) {
    return hmac(PublicUrl.withoutQuery(url) + nonce);
  }

  /**
   * The URL Plivo signed for a request received at {@code requestUrl}.
   *
   * @param requestUrl the request's public URL as the host passed it
   * @return the configured public base plus the request's path and query, or {@code requestUrl} itself
   */
  public String signedUrl(String requestUrl) {
    return PublicUrl.withoutFragment(publicUrl.resolve(requestUrl));
  }

  /** The V3 string before {@code .nonce}. */
  static String stringToSignV3(String method, String url, Map<String, List<String>> params) {
    String base = PublicUrl.withoutQuery(url);
    Map<String, List<String>> query = PublicUrl.queryParameters(url);
    if ("GET".equalsIgnoreCase(method)) {
      String q = sortedQuery(query);
      return q.isEmpty() ? base : base + "?" + q;
    }
    String q = sortedQuery(query);
    String p = sortedParams(params);
    if (q.isEmpty() && p.isEmpty()) return base;
    if (q.isEmpty()) return base + "?" + p;
    if (p.isEmpty()) return base + "?" + q;
    return base + "?" + q + "." + p;
  }

  private static String sortedQuery(Map<String, List<String>> params) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(params).forEach((name, values) -> {
      for (String value : sortedValues(values)) {
        if (sb.length() > 0) sb.append('&');
        sb.append(name).append('=').append(value);
      }
    });
    return sb.toString();
  }

  private static String sortedParams(Map<String, List<String>> params) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(params).forEach((name, values) -> {
      for (String value : sortedValues(values)) sb.append(name).append(value);
    });
    return sb.toString();
  }

  private static List<String> sortedValues(List<String> values) {
    List<String> sorted = new ArrayList<>(values.size());
    for (String v : values) sorted.add(v == null ? "" : v);
    sorted.sort(null);
    return sorted;
  }

  /** The URL as resolved, and without user info when it has some (Plivo may have signed either). */
  private static Set<String> urlSpellings(String url) {
    Set<String> out = new LinkedHashSet<>();
    out.add(url);
    out.add(PublicUrl.withoutUserInfo(url));
    return out;
  }

  /** Every given signature against every expected one, with no early exit. */
  private static boolean anyMatches(List<String> signatures, Set<byte[]> expected) {
    boolean match = false;
    for (String header : signatures) {
      for (String part : header.split(",")) {
        byte[] given = part.trim().getBytes(StandardCharsets.US_ASCII);
        if (given.length == 0) continue;
        for (byte[] e : expected) match |= MessageDigest.isEqual(given, e);
      }
    }
    return match;
  }

  private static List<String> signatures(WebhookRequest request, String... headers) {
    List<String> out = new ArrayList<>();
    for (String h : headers) {
      Optional<String> v = request.header(h).map(String::trim).filter(s -> !s.isEmpty());
      v.ifPresent(out::add);
    }
    return out;
  }

  private static boolean isForm(WebhookRequest request) {
    if (!request.method().equalsIgnoreCase("POST")) return false;
    String type = request.contentType();
    return type.isEmpty() || type.equals(FORM);
  }

  private String hmac(String data) {
    Mac mac;
    try {
      mac = (Mac) keyed.clone();
    } catch (CloneNotSupportedException e) {
      mac = newMac(); // a provider whose HMAC cannot be copied: key a new one each time
    }
    return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
