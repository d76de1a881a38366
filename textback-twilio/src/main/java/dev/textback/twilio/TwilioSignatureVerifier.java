package dev.textback.twilio;

import dev.textback.carrier.PublicUrl;
import dev.textback.carrier.WebhookVerifier;
import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Checks the {@code X-Twilio-Signature} header of a webhook: Base64 of HMAC-SHA1, keyed with the auth token,
 * over the URL Twilio requested followed by every POST parameter as name then value, sorted by name. A JSON
 * body is covered instead through the {@code bodySHA256} query parameter (the lowercase hex SHA-256 of the
 * body), and only the URL is signed.
 *
 * <p>Twilio is inconsistent about ports in the signed URL, so the URL is tried with the scheme's default
 * port added and with any port removed, and also without user info. Comparisons are constant-time.
 * Immutable and thread-safe.
 */
public final class TwilioSignatureVerifier implements WebhookVerifier {
  /** The header Twilio puts the signature in. */
  public static final String SIGNATURE_HEADER = "X-Twilio-Signature";

  private static final String HMAC = "HmacSHA1";

  private final SecretKeySpec key;
  /**
   * Keyed once and copied for each check: looking the algorithm up and keying it again took more time than the
   * HMAC itself. Never used directly, so copies taken at once by several threads all start from the key alone.
   */
  private final Mac keyed;
  private final PublicUrl publicUrl;

  /**
   * @param authToken the account's primary auth token
   * @param publicBaseUrl when not null, the signed URL is this base plus the request's path and query
   *     (see {@link TwilioConfig#publicBaseUrl()}); when null, the request's own public URL
   */
  public TwilioSignatureVerifier(String authToken, @Nullable String publicBaseUrl) {
    Objects.requireNonNull(authToken, "authToken == null");
    if (authToken.isEmpty()) throw new IllegalArgumentException("authToken is empty");
    this.key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), HMAC);
    this.keyed = newMac();
    this.publicUrl = new PublicUrl(publicBaseUrl);
  }

  public static TwilioSignatureVerifier create(TwilioConfig config) {
    return new TwilioSignatureVerifier(config.authToken(), config.publicBaseUrl().orElse(null));
  }

  /**
   * Checks a webhook's signature. Form POSTs are checked over their body parameters, JSON bodies through
   * {@code bodySHA256}, other requests (GET) over the URL alone.
   *
   * @throws WebhookVerificationException when the header is missing or the signature does not match
   * @throws MalformedWebhookException when a form body is not valid form encoding, so it cannot be checked
   */
  public void verify(WebhookRequest request) {
    String url = signedUrl(request.publicUrl());
    String signature = request.header(SIGNATURE_HEADER).map(String::trim).orElse("");
    if (signature.isEmpty()) throw new WebhookVerificationException("missing " + SIGNATURE_HEADER + " header", url);
    boolean valid;
    if (request.contentType().equals("application/json")) {
      valid = isValidJson(url, request.body(), signature);
    } else if (request.method().equals("POST")) {
      valid = isValid(url, request.formParameters(), signature);
    } else {
      valid = isValid(url, Map.of(), signature);
    }
    if (!valid) throw new WebhookVerificationException(SIGNATURE_HEADER + " does not match", url);
  }

  /** Twilio's signatures are not time-bound: {@code now} is not read. */
  @Override
  public void verify(WebhookRequest request, Instant now) {
    verify(request);
  }

  /**
   * Whether {@code signature} signs {@code url} with {@code params} (decoded form parameters; empty for a
   * GET), trying the port and user-info variants of the URL.
   */
  public boolean isValid(String url, Map<String, List<String>> params, String signature) {
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(params, "params == null");
    if (signature == null || signature.isEmpty()) return false;
    byte[] given = signature.getBytes(StandardCharsets.UTF_8);
    String signedParams = signedParams(params);
    Mac mac = mac();
    String received = PublicUrl.withoutFragment(url);
    // The URL as received first: Twilio signs that one unless a proxy changed the port or the user info. The
    // first match ends the search, which tells a sender only what it knows (it signed the request); a
    // signature that matches nothing is tried against every variant.
    if (MessageDigest.isEqual(given, hmac(mac, received, signedParams))) return true;
    for (String candidate : PublicUrl.portAndUserInfoVariants(received)) {
      if (!candidate.equals(received) && MessageDigest.isEqual(given, hmac(mac, candidate, signedParams))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code signature} signs a JSON webhook: the URL must carry {@code bodySHA256} equal to the
   * SHA-256 of {@code body}, and the signature covers the URL alone.
   */
  public boolean isValidJson(String url, byte[] body, String signature) {
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(body, "body == null");
    Optional<String> declared = queryParameter(url, "bodySHA256");
    if (declared.isEmpty()) return false;
    byte[] actual = HexFormat.of().formatHex(sha256(body)).getBytes(StandardCharsets.US_ASCII);
    boolean bodyMatches = MessageDigest.isEqual(
        declared.get().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII), actual);
    return isValid(url, Map.of(), signature) & bodyMatches;
  }

  /**
   * The signature Twilio would send for {@code url} and {@code params}, exactly as given (no port
   * variants). Handy for building signed requests in tests.
   */
  public String sign(String url, Map<String, List<String>> params) {
    return new String(hmac(mac(), url, signedParams(params)), StandardCharsets.US_ASCII);
  }

  /** The parameters as Twilio appends them to the URL before signing. */
  private static String signedParams(Map<String, List<String>> params) {
    // Byte order of names, as Twilio sorts; repeated names contribute each distinct value, sorted.
    String[] names = params.keySet().toArray(new String[0]);
    Arrays.sort(names);
    StringBuilder data = new StringBuilder(32 * names.length);
    for (String name : names) {
      List<String> values = params.get(name);
      if (values.size() == 1) {
        String value = values.get(0);
        data.append(name).append(value == null ? "" : value);
        continue;
      }
      String[] sorted = new String[values.size()];
      for (int i = 0; i < sorted.length; i++) sorted[i] = values.get(i) == null ? "" : values.get(i);
      Arrays.sort(sorted);
      for (int i = 0; i < sorted.length; i++) {
        if (i == 0 || !sorted[i].equals(sorted[i - 1])) data.append(name).append(sorted[i]);
      }
    }
    return data.toString();
  }

  /** Base64 of the HMAC of {@code url} followed by {@code signedParams}, as ASCII bytes. */
  private static byte[] hmac(Mac mac, String url, String signedParams) {
    mac.update(url.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encode(mac.doFinal(signedParams.getBytes(StandardCharsets.UTF_8)));
  }

  private Mac mac() {
    try {
      return (Mac) keyed.clone();
    } catch (CloneNotSupportedException e) {
      return newMac(); // a provider whose HMAC cannot be copied: key a new one each time
    }
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA1 is not available", e);
    }
  }

  /**
   * The URL Twilio signed for a request received at {@code requestUrl}: with a public base URL configured,
   * that base plus the request's path and query; otherwise the request URL itself. A request URL that already
   * starts with the public base (a host that rebuilt the public URL itself) is taken as it is, so a base with
   * a path prefix is never applied twice.
   */
  public String signedUrl(String requestUrl) {
    return publicUrl.resolve(requestUrl);
  }

  private static Optional<String> queryParameter(String url, String name) {
    List<String> values = PublicUrl.queryParameters(url).get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
