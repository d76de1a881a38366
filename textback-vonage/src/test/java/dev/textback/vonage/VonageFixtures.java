package dev.textback.vonage;

import dev.textback.webhook.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Vonage's payloads (fixture files under {@code vonage/}) and its signatures, computed here by hand with
 * {@code javax.crypto} and string building: independently of {@link VonageSignatureVerifier} and of the JWT
 * library it uses.
 */
final class VonageFixtures {
  /** Shorter than 256 bits on purpose: Vonage allows such secrets, and JWT libraries often refuse them. */
  static final String SIGNATURE_SECRET = "textback-test-signature-secret";
  /** The docs' sample {@code api_key}. */
  static final String API_KEY = "a1b2c3d";
  static final String API_SECRET = "test-api-secret";
  static final String BASE = "https://textback.example.com";
  /** The Vonage number in the PHP SDK's captured webhooks. */
  static final String BUSINESS = "+16105553939";
  /** The caller in the PHP SDK's captured webhooks. */
  static final String CALLER = "+14845552121";
  /** The business's own phone, where its calls ring. */
  static final String BUSINESS_CELL = "+14845550199";
  static final String CONVERSATION = "CON-2541d01c-253e-48be-a8e0-da4bbe4c3722";

  private VonageFixtures() {}

  static VonageConfig.Builder config() {
    return VonageConfig.builder()
        .apiKey(API_KEY)
        .apiSecret(API_SECRET)
        .signatureSecret(SIGNATURE_SECRET)
        .publicBaseUrl(BASE);
  }

  static String url(String route) {
    return BASE + "/webhooks/vonage/" + route;
  }

  static String resource(String name) {
    try (InputStream in = VonageFixtures.class.getResourceAsStream("/vonage/" + name)) {
      if (in == null) throw new IllegalArgumentException("no fixture " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- signed webhooks (JWT, by hand) ----

  /** Claims as Vonage sends them, for {@code payload} signed at {@code iat}. */
  static Map<String, Object> claims(byte[] payload, Instant iat) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iat", iat.getEpochSecond());
    claims.put("jti", UUID.randomUUID().toString());
    claims.put("iss", "Vonage");
    claims.put("payload_hash", sha256Hex(payload));
    claims.put("api_key", API_KEY);
    claims.put("application_id", "aaaaaaaa-bbbb-cccc-dddd-0123456789ab");
    return claims;
  }

  /** A compact HS256 JWT over {@code claims}, built from strings: header, claims, HMAC-SHA256. */
  static String jwt(String secret, Map<String, Object> claims) {
    return jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims, secret);
  }

  /** A compact JWT with any header; signed with HMAC-SHA256 whatever the header claims. */
  static String jwt(String headerJson, Map<String, Object> claims, String secret) {
    String signingInput = b64(headerJson) + "." + b64(json(claims));
    return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(hmac("HmacSHA256", secret, signingInput));
  }

  /** An unsigned {@code alg: none} token, as an attacker would send one. */
  static String unsignedJwt(Map<String, Object> claims) {
    return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(json(claims)) + ".";
  }

  static String json(Map<String, Object> claims) {
    StringBuilder sb = new StringBuilder("{");
    claims.forEach((k, v) -> {
      if (sb.length() > 1) sb.append(',');
      sb.append('"').append(k).append("\":");
      sb.append(v instanceof Number ? v.toString() : "\"" + v + "\"");
    });
    return sb.append('}').toString();
  }

  /** A JSON POST as Vonage sends it, with its bearer token. */
  static WebhookRequest jsonPost(String route, String body, String token) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("application/json"));
    if (token != null) headers.put("Authorization", List.of("Bearer " + token));
    return WebhookRequest.of("POST", url(route), headers, body.getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON POST signed validly at {@code at}. */
  static WebhookRequest signedPost(String route, String body, Instant at) {
    return jsonPost(route, body, jwt(SIGNATURE_SECRET, claims(body.getBytes(StandardCharsets.UTF_8), at)));
  }

  /**
   * A GET as Vonage sends the answer webhook: {@code payload_hash} covers the query parameters as a compact
   * JSON object in their order (Vonage's support article), built here by string concatenation.
   */
  static WebhookRequest signedGet(String route, String query, Instant at) {
    return get(route, query, jwt(SIGNATURE_SECRET, claims(queryJson(query).getBytes(StandardCharsets.UTF_8), at)));
  }

  static WebhookRequest get(String route, String query, String token) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (token != null) headers.put("Authorization", List.of("Bearer " + token));
    return WebhookRequest.of("GET", url(route) + "?" + query, headers, new byte[0]);
  }

  static String queryJson(String query) {
    StringBuilder sb = new StringBuilder("{");
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      if (sb.length() > 1) sb.append(',');
      sb.append('"').append(decode(kv[0])).append("\":\"").append(decode(kv.length > 1 ? kv[1] : "")).append('"');
    }
    return sb.append('}').toString();
  }

  // ---- SMS API sig (by hand) ----

  /** Vonage's documented string to sign: sorted, {@code &}/{@code =} replaced, {@code &k=v} joined. */
  static String sigString(Map<String, String> params) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(params).forEach((k, v) -> {
      if (!k.equals("sig")) sb.append('&').append(k).append('=').append(v.replace('&', '_').replace('=', '_'));
    });
    return sb.toString();
  }

  /** The {@code md5hash} signature: MD5 of the string followed by the secret. */
  static String md5hash(Map<String, String> params, String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
          .digest((sigString(params) + secret).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An HMAC signature ({@code HmacSHA256}…) over the string. */
  static String hmacSig(String algorithm, Map<String, String> params, String secret) {
    return HexFormat.of().formatHex(hmac(algorithm, secret, sigString(params)));
  }

  static String form(Map<String, String> params) {
    List<String> pairs = new ArrayList<>();
    params.forEach((k, v) -> pairs.add(encode(k) + "=" + encode(v)));
    return String.join("&", pairs);
  }

  static Map<String, String> parseQuery(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(decode(kv[0]), decode(kv.length > 1 ? kv[1] : ""));
    }
    return out;
  }

  // ---- primitives ----

  static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(String algorithm, String secret, String data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
