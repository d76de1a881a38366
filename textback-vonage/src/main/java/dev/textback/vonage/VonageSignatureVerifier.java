package dev.textback.vonage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.textback.carrier.WebhookVerifier;
import dev.textback.vonage.VonageConfig.SignatureMethod;
import dev.textback.vonage.internal.JsonFields;
import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookVerificationException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Checks that a webhook comes from Vonage, in one of Vonage's two schemes:
 *
 * <ul>
 *   <li><b>Signed webhooks</b> (Voice and Messages API): {@code Authorization: Bearer <JWT>}. The JWT must be
 *       HS256 (pinned: {@code none}, RS256 and every other algorithm are refused) with a valid HMAC under the
 *       signature secret; its {@code iat} within {@link VonageConfig#signatureMaxSkew()} of now; its
 *       {@code payload_hash} the SHA-256 of the raw body (of a GET: of its query parameters as a compact JSON
 *       object, in order, as Vonage documents); its {@code api_key}, when present, the configured key; and
 *       {@code exp}/{@code nbf}, when present, respected. The token is parsed by nimbus-jose-jwt; the HMAC is
 *       computed here and compared in constant time, because the library's verifier refuses secrets under 256
 *       bits, which Vonage allows.
 *   <li><b>SMS API {@code sig}</b> (legacy inbound SMS and delivery receipts, when Vonage support enabled
 *       signing): every parameter but {@code sig}, sorted by name, {@code &} and {@code =} in names and values
 *       replaced by {@code _}, joined as {@code &name=value…}; then MD5 of that string followed by the secret,
 *       or an HMAC keyed with the secret, as {@link VonageConfig#signatureMethod()} says. Hex is compared
 *       case-insensitively, in constant time, with and without blank parameters (Vonage's SDKs disagree there).
 *       {@code timestamp} must be within the skew of now.
 * </ul>
 *
 * <p>A missing or wrong signature is refused with 403 and reaches nothing else. Vonage suggests answering an
 * unsigned callback with a 5xx so it retries after its own rare internal error; textback does not, because a
 * 5xx invites anyone to make Vonage's retry machinery (and our logs) work for a forger, and an unsigned callback
 * cannot be told apart from a forged one. Immutable and thread-safe.
 */
public final class VonageSignatureVerifier implements WebhookVerifier {
  /** The header signed webhooks carry their JWT in. */
  public static final String AUTHORIZATION_HEADER = "Authorization";
  /** The parameter SMS API webhooks carry their signature in. */
  public static final String SIG = "sig";

  private static final JsonFactory JSON = new JsonFactory();
  private static final String FORM = "application/x-www-form-urlencoded";

  /** Which of Vonage's schemes a verifier checks. */
  public enum Scheme {
    /** {@code Authorization: Bearer} HS256 JWT: Voice and Messages API webhooks. */
    SIGNED_WEBHOOK,
    /** The {@code sig} parameter: SMS API inbound messages and delivery receipts. */
    SMS_API
  }

  private final Scheme scheme;
  private final byte[] secret;
  private final @Nullable String apiKey;
  private final SignatureMethod method;
  private final Duration maxSkew;

  /**
   * @param scheme which scheme to check
   * @param signatureSecret the account's signature secret
   * @param apiKey the account's API key, which a JWT's {@code api_key} claim must equal; null to not check it
   * @param method how SMS API webhooks are signed (ignored for {@link Scheme#SIGNED_WEBHOOK})
   * @param maxSkew how far a signing time may be from now
   */
  public VonageSignatureVerifier(Scheme scheme, String signatureSecret, @Nullable String apiKey,
      SignatureMethod method, Duration maxSkew) {
    this.scheme = Objects.requireNonNull(scheme, "scheme == null");
    Objects.requireNonNull(signatureSecret, "signatureSecret == null");
    if (signatureSecret.isEmpty()) throw new IllegalArgumentException("signatureSecret is empty");
    this.secret = signatureSecret.getBytes(StandardCharsets.UTF_8);
    this.apiKey = apiKey;
    this.method = Objects.requireNonNull(method, "method == null");
    this.maxSkew = Objects.requireNonNull(maxSkew, "maxSkew == null");
  }

  /**
   * The verifier of Voice and Messages API webhooks for {@code config}.
   *
   * @param config the adapter's settings
   * @return the verifier
   */
  public static VonageSignatureVerifier signedWebhooks(VonageConfig config) {
    return new VonageSignatureVerifier(Scheme.SIGNED_WEBHOOK, config.signatureSecret(), config.apiKey(),
        config.signatureMethod(), config.signatureMaxSkew());
  }

  /**
   * The verifier of SMS API webhooks for {@code config}.
   *
   * @param config the adapter's settings
   * @return the verifier
   */
  public static VonageSignatureVerifier smsApi(VonageConfig config) {
    return new VonageSignatureVerifier(Scheme.SMS_API, config.signatureSecret(), config.apiKey(),
        config.signatureMethod(), config.signatureMaxSkew());
  }

  /**
   * Checks the request's signature in this verifier's scheme.
   *
   * @throws WebhookVerificationException when the signature is missing, wrong, or signed at the wrong time
   * @throws MalformedWebhookException when an SMS API body cannot be read to check it
   */
  @Override
  public void verify(WebhookRequest request, Instant now) {
    Objects.requireNonNull(request, "request == null");
    Objects.requireNonNull(now, "now == null");
    if (scheme == Scheme.SIGNED_WEBHOOK) {
      verifyJwt(request, now);
    } else {
      verifySig(request, now);
    }
  }

  // ---- signed webhooks (JWT) ----

  private void verifyJwt(WebhookRequest request, Instant now) {
    String header = request.header(AUTHORIZATION_HEADER).map(String::trim).orElse("");
    if (header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new WebhookVerificationException("missing " + AUTHORIZATION_HEADER + ": Bearer token");
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(header.substring(7).trim());
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new WebhookVerificationException("the bearer token is not a signed JWT");
    }
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!JWSAlgorithm.HS256.equals(alg)) {
      throw new WebhookVerificationException("the JWT is signed with " + alg + ", not HS256");
    }
    byte[] expected = hmac("HmacSHA256", secret, jwt.getSigningInput());
    if (!MessageDigest.isEqual(expected, jwt.getSignature().decode())) {
      throw new WebhookVerificationException("the JWT's signature does not match the signature secret");
    }
    Date iat = claims.getIssueTime();
    if (iat == null) throw new WebhookVerificationException("the JWT has no iat");
    checkSkew("the JWT's iat", iat.toInstant(), now);
    if (claims.getExpirationTime() != null && now.isAfter(claims.getExpirationTime().toInstant().plus(maxSkew))) {
      throw new WebhookVerificationException("the JWT expired");
    }
    if (claims.getNotBeforeTime() != null && now.plus(maxSkew).isBefore(claims.getNotBeforeTime().toInstant())) {
      throw new WebhookVerificationException("the JWT is not valid yet");
    }
    Object key = claims.getClaim("api_key");
    if (key != null && apiKey != null && !MessageDigest.isEqual(
        String.valueOf(key).getBytes(StandardCharsets.UTF_8), apiKey.getBytes(StandardCharsets.UTF_8))) {
      throw new WebhookVerificationException("the JWT is for another API key");
    }
    Object declared = claims.getClaim("payload_hash");
    if (!(declared instanceof String hash)) throw new WebhookVerificationException("the JWT has no payload_hash");
    byte[] actual = HexFormat.of().formatHex(sha256(signedPayload(request))).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(hash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII), actual)) {
      throw new WebhookVerificationException("the body does not match the JWT's payload_hash");
    }
  }

  /**
   * What {@code payload_hash} covers: the raw body of a POST, or the query of a GET without a body as compact
   * JSON ({@link VonagePayloadSource}, which the payload mapper reads by too).
   *
   * @throws WebhookVerificationException for any other method, or a GET with a body
   */
  static byte[] signedPayload(WebhookRequest request) {
    if (VonagePayloadSource.of(request) == VonagePayloadSource.BODY) return request.body();
    return queryAsJson(request.publicUrl()).getBytes(StandardCharsets.UTF_8);
  }

  private static String queryAsJson(String url) {
    String u = url;
    int hash = u.indexOf('#');
    if (hash >= 0) u = u.substring(0, hash);
    int q = u.indexOf('?');
    Map<String, List<String>> params = q < 0 ? Map.of() : WebhookRequest.parseForm(u.substring(q + 1));
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, List<String>> e : params.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue().isEmpty() ? "" : e.getValue().get(0));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * A token as Vonage signs webhooks, for simulators and demos: HS256 over {@code iat}, a random {@code jti},
   * {@code iss: Vonage}, {@code payload_hash} of {@code payload} and {@code api_key}.
   *
   * @param payload the exact body (or, for a GET, the query as compact JSON)
   * @param issuedAt the signing time
   * @return the compact JWT, without {@code Bearer}
   */
  public String signedWebhookToken(byte[] payload, Instant issuedAt) {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issueTime(Date.from(issuedAt))
        .jwtID(UUID.randomUUID().toString())
        .issuer("Vonage")
        .claim("payload_hash", HexFormat.of().formatHex(sha256(payload)));
    if (apiKey != null) claims.claim("api_key", apiKey);
    try {
      JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build();
      SignedJWT jwt = new SignedJWT(header, claims.build());
      String signingInput = new String(jwt.getSigningInput(), StandardCharsets.US_ASCII);
      return signingInput + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac("HmacSHA256", secret, jwt.getSigningInput()));
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot sign a webhook token", e);
    }
  }

  // ---- SMS API sig ----

  private void verifySig(WebhookRequest request, Instant now) {
    Map<String, String> params = smsParameters(request);
    String given = params.getOrDefault(SIG, "").trim();
    if (given.isEmpty()) throw new WebhookVerificationException("missing " + SIG + " parameter");
    byte[] givenBytes = given.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    // Both variants are computed whatever matches, so the time taken says nothing about which one did.
    boolean match = MessageDigest.isEqual(givenBytes, sig(params, true).getBytes(StandardCharsets.US_ASCII));
    match |= MessageDigest.isEqual(givenBytes, sig(params, false).getBytes(StandardCharsets.US_ASCII));
    if (!match) throw new WebhookVerificationException(SIG + " does not match the signature secret");
    String timestamp = params.getOrDefault("timestamp", "").trim();
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw new WebhookVerificationException("the signed webhook has no usable timestamp");
    }
    // Far outside any skew; bounded so Instant arithmetic cannot overflow on a hostile value.
    if (Math.abs(seconds) > 100_000_000_000L) throw new WebhookVerificationException("timestamp is out of range");
    checkSkew("timestamp", Instant.ofEpochSecond(seconds), now);
  }

  /**
   * The parameters an SMS API webhook carries: its query for a GET without a body, its form or JSON body for a
   * POST (a JSON value as its text), first value of each name; other shapes are refused
   * ({@link VonagePayloadSource}).
   *
   * @param request the webhook
   * @return name to value, in order received
   * @throws MalformedWebhookException when the body cannot be decoded
   * @throws WebhookVerificationException for any method but POST, or a GET with a body
   */
  static Map<String, String> smsParameters(WebhookRequest request) {
    Map<String, String> out = new LinkedHashMap<>();
    if (VonagePayloadSource.of(request) == VonagePayloadSource.BODY) {
      if (request.bodyLength() == 0) return out;
      if (request.contentType().equals("application/json")) return JsonFields.read(request.body());
      if (!request.contentType().isEmpty() && !request.contentType().equals(FORM)) {
        throw new MalformedWebhookException("expected a form or JSON body, got " + request.contentType());
      }
      request.formParameters().forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
      return out;
    }
    String url = request.publicUrl();
    int hash = url.indexOf('#');
    if (hash >= 0) url = url.substring(0, hash);
    int q = url.indexOf('?');
    if (q >= 0) WebhookRequest.parseForm(url.substring(q + 1)).forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
    return out;
  }

  /**
   * The {@code sig} Vonage computes over {@code params} ({@code sig} itself left out), lower-case hex; for
   * simulators and demos.
   *
   * @param params the webhook's parameters, with their {@code timestamp}
   * @return the signature
   */
  public String smsSignature(Map<String, String> params) {
    return sig(params, true);
  }

  private String sig(Map<String, String> params, boolean keepBlank) {
    TreeMap<String, String> sorted = new TreeMap<>();
    params.forEach((k, v) -> {
      if (k.equals(SIG) || !keepBlank && (v == null || v.isBlank())) return;
      sorted.put(clean(k), clean(v == null ? "" : v));
    });
    StringBuilder data = new StringBuilder();
    sorted.forEach((k, v) -> data.append('&').append(k).append('=').append(v));
    byte[] digest;
    Optional<String> hmac = method.hmac();
    if (hmac.isPresent()) {
      digest = hmac(hmac.get(), secret, data.toString().getBytes(StandardCharsets.UTF_8));
    } else {
      data.append(new String(secret, StandardCharsets.UTF_8));
      digest = digest("MD5", data.toString().getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest);
  }

  private static String clean(String s) {
    return s.replace('&', '_').replace('=', '_');
  }

  // ---- shared ----

  private void checkSkew(String what, Instant signedAt, Instant now) {
    if (Duration.between(signedAt, now).abs().compareTo(maxSkew) > 0) {
      throw new WebhookVerificationException(what + " is " + Duration.between(signedAt, now).toSeconds()
          + " s from now, more than the allowed " + maxSkew.toSeconds() + " s (replayed, or a clock is off)");
    }
  }

  private static byte[] hmac(String algorithm, byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }

  static byte[] sha256(byte[] data) {
    return digest("SHA-256", data);
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }
}
