package dev.textback.routing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signs and verifies the webhooks textback posts to your systems ({@link CrmWebhookRouter},
 * {@link WebhookEscalationNotifier}). Each request carries two headers:
 *
 * <pre>
 * X-Textback-Timestamp: 1741097100
 * X-Textback-Signature: v1=&lt;lowercase hex HMAC-SHA256(secret, timestamp + "." + rawBody)&gt;
 * </pre>
 *
 * <p>A receiver calls {@link #verify} with the raw request body, exactly as received (before any JSON
 * parsing), and rejects the request when it returns false. The timestamp is part of the signed text, so a
 * captured request cannot be replayed once it falls outside the tolerance. The signature header may list
 * several comma-separated {@code v1=} values; one match is enough, which lets a sender and a receiver
 * roll a secret over without downtime.
 *
 * <p>Stateless and thread-safe.
 */
public final class CrmWebhookSignature {
  /** Header carrying the signing time in Unix seconds. */
  public static final String TIMESTAMP_HEADER = "X-Textback-Timestamp";
  /** Header carrying the signature, {@code v1=<hex>}. */
  public static final String SIGNATURE_HEADER = "X-Textback-Signature";
  /** A sensible tolerance for {@link #verify}: five minutes either way. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String SCHEME = "v1=";
  private static final String ALGORITHM = "HmacSHA256";

  private CrmWebhookSignature() {}

  /**
   * The {@value #SIGNATURE_HEADER} value for a body signed at {@code timestampSeconds}.
   *
   * @param secret the shared secret, not blank
   * @param timestampSeconds the value sent in {@value #TIMESTAMP_HEADER}
   * @param rawBody the exact bytes of the request body
   * @return {@code v1=} followed by 64 lowercase hex digits
   */
  public static String sign(String secret, long timestampSeconds, byte[] rawBody) {
    requireSecret(secret);
    Objects.requireNonNull(rawBody, "rawBody == null");
    return SCHEME + HexFormat.of().formatHex(hmac(secret, Long.toString(timestampSeconds), rawBody));
  }

  /**
   * Checks a received webhook. Never throws for bad input: a missing, malformed, stale or wrong header
   * simply yields false.
   *
   * @param secret the shared secret, not blank
   * @param timestampHeader the {@value #TIMESTAMP_HEADER} value as received, may be null
   * @param rawBody the exact bytes of the request body, may be null (then false)
   * @param signatureHeader the {@value #SIGNATURE_HEADER} value as received, may be null
   * @param clock the receiver's clock
   * @param tolerance how far the timestamp may be from {@code clock}'s time, in either direction
   * @return true only when the timestamp is fresh and a {@code v1=} signature matches
   */
  public static boolean verify(String secret, @Nullable String timestampHeader, byte @Nullable [] rawBody,
      @Nullable String signatureHeader, Clock clock, Duration tolerance) {
    requireSecret(secret);
    Objects.requireNonNull(clock, "clock == null");
    Objects.requireNonNull(tolerance, "tolerance == null");
    if (tolerance.isNegative()) throw new IllegalArgumentException("tolerance must not be negative");
    if (timestampHeader == null || rawBody == null || signatureHeader == null) return false;
    String timestamp = timestampHeader.trim();
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - seconds) > tolerance.getSeconds()) return false;

    byte[] expected = HexFormat.of().formatHex(hmac(secret, timestamp, rawBody))
        .getBytes(StandardCharsets.US_ASCII);
    boolean matched = false;
    for (String candidate : signatureHeader.split(",")) {
      String c = candidate.trim();
      if (!c.startsWith(SCHEME)) continue;
      byte[] given = c.substring(SCHEME.length()).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
      // Every candidate is compared, without an early exit, so timing says nothing about which matched.
      matched |= MessageDigest.isEqual(expected, given);
    }
    return matched;
  }

  private static byte[] hmac(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // Every Java runtime must provide HmacSHA256, and any non-empty key is valid for it.
      throw new IllegalStateException(ALGORITHM + " unavailable", e);
    }
  }

  private static void requireSecret(String secret) {
    Objects.requireNonNull(secret, "secret == null");
    if (secret.isBlank()) throw new IllegalArgumentException("secret must not be blank");
  }
}
