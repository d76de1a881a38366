package dev.textback.plivo;

import dev.textback.webhook.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Plivo-shaped callback payloads from {@code src/test/resources/plivo}, form-encoded and signed the way Plivo
 * signs them: V3 written here from Plivo's description and its Python SDK's steps with the JDK's HMAC, not with
 * the verifier under test.
 */
final class PlivoFixtures {
  static final String AUTH_ID = "MAZDQ1ZDMXYTAZMTM3NT";
  static final String AUTH_TOKEN = "MzQ1NjdjNGI5ZmUxYzI0NDQ1YTE1MWM0ZDFkMDEx";
  static final String OTHER_TOKEN = "ZGVhZGJlZWZkZWFkYmVlZmRlYWRiZWVmZGVhZGJl";
  static final String BASE = "https://textback.example.com/webhooks/plivo";
  static final String NONCE = "05429567804466091622";
  /** As Plivo writes them: digits with the country code, no plus. */
  static final String CALLER = "12015550123";
  static final String BUSINESS = "12025550182";
  static final String BUSINESS_CELL = "12125550147";
  static final String CALL_UUID = "6f8f3b8a-1d2c-4e5f-8a9b-0c1d2e3f4a5b";

  private PlivoFixtures() {}

  static PlivoConfig.Builder config() {
    return PlivoConfig.builder().authId(AUTH_ID).authToken(AUTH_TOKEN);
  }

  static String url(String route) {
    return BASE + "/" + route;
  }

  static Payload load(String name) {
    try (InputStream in = PlivoFixtures.class.getResourceAsStream("/plivo/" + name + ".params")) {
      if (in == null) throw new IllegalArgumentException("no fixture " + name);
      Payload p = new Payload();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) continue;
        int eq = line.indexOf('=');
        p.with(line.substring(0, eq), line.substring(eq + 1));
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resource(String name) {
    try (InputStream in = PlivoFixtures.class.getResourceAsStream("/plivo/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * V3 as Plivo computes it: the URL without query, then for a POST "?" + sorted query "k=v&…" + "." + sorted
   * form "kv…" (each part only when present), for a GET "?" + sorted query; then "." + nonce.
   */
  static String signV3(String token, String method, String url, Map<String, List<String>> form, String nonce) {
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    TreeMap<String, List<String>> query = new TreeMap<>();
    if (q >= 0) {
      for (String pair : url.substring(q + 1).split("&")) {
        if (pair.isEmpty()) continue;
        String[] kv = pair.split("=", 2);
        query.computeIfAbsent(decode(kv[0]), k -> new ArrayList<>()).add(kv.length > 1 ? decode(kv[1]) : "");
      }
    }
    String sortedQuery = query.entrySet().stream()
        .flatMap(e -> e.getValue().stream().sorted().map(v -> e.getKey() + "=" + v))
        .collect(Collectors.joining("&"));
    String sortedForm = new TreeMap<>(form).entrySet().stream()
        .flatMap(e -> e.getValue().stream().sorted().map(v -> e.getKey() + v))
        .collect(Collectors.joining());
    StringBuilder data = new StringBuilder(base);
    if (method.equals("GET")) {
      if (!sortedQuery.isEmpty()) data.append('?').append(sortedQuery);
    } else if (!sortedQuery.isEmpty() || !sortedForm.isEmpty()) {
      data.append('?').append(sortedQuery);
      if (!sortedQuery.isEmpty() && !sortedForm.isEmpty()) data.append('.');
      data.append(sortedForm);
    }
    return hmac(token, data.append('.').append(nonce).toString());
  }

  /** V2: the URL without its query, then the nonce, nothing between. */
  static String signV2(String token, String url, String nonce) {
    int q = url.indexOf('?');
    return hmac(token, (q < 0 ? url : url.substring(0, q)) + nonce);
  }

  static String hmac(String token, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** A callback's parameters, editable. */
  static final class Payload {
    final Map<String, List<String>> params = new LinkedHashMap<>();

    Payload with(String name, String value) {
      params.computeIfAbsent(name, k -> new ArrayList<>()).clear();
      params.get(name).add(value);
      return this;
    }

    Payload without(String name) {
      params.remove(name);
      return this;
    }

    String formBody() {
      return params.entrySet().stream()
          .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
          .collect(Collectors.joining("&"));
    }

    /** A POST to {@code url} signed V3 with the fixtures' auth token. */
    WebhookRequest signedPost(String url) {
      return post(url, signV3(AUTH_TOKEN, "POST", url, params, NONCE), NONCE);
    }

    /** A POST signed V3 for {@code publicUrl} that reaches the application as {@code localUrl} (a proxy). */
    WebhookRequest signedPost(String publicUrl, String localUrl) {
      return post(localUrl, signV3(AUTH_TOKEN, "POST", publicUrl, params, NONCE), NONCE);
    }

    /** A POST with the V3 headers given; no headers for a null signature. */
    WebhookRequest post(String url, String signature, String nonce) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      if (signature != null) {
        headers.put(PlivoSignatureVerifier.V3_HEADER, List.of(signature));
        headers.put(PlivoSignatureVerifier.V3_NONCE_HEADER, List.of(nonce));
      }
      return WebhookRequest.formPost(url, headers, formBody());
    }

    /** A GET carrying the parameters in its query, signed V3. */
    WebhookRequest signedGet(String url) {
      String full = url + (url.contains("?") ? "&" : "?") + formBody();
      return WebhookRequest.of("GET", full, Map.of(
          PlivoSignatureVerifier.V3_HEADER, List.of(signV3(AUTH_TOKEN, "GET", full, Map.of(), NONCE)),
          PlivoSignatureVerifier.V3_NONCE_HEADER, List.of(NONCE)), new byte[0]);
    }

    /** A POST signed V2 only (as Plivo's messaging docs describe). */
    WebhookRequest signedPostV2(String url) {
      return WebhookRequest.formPost(url, Map.of(
          PlivoSignatureVerifier.V2_HEADER, List.of(signV2(AUTH_TOKEN, url, NONCE)),
          PlivoSignatureVerifier.V2_NONCE_HEADER, List.of(NONCE)), formBody());
    }

    private static String encode(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }
}
