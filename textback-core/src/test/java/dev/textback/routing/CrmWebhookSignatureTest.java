package dev.textback.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CrmWebhookSignatureTest {
  private static final String SECRET = "whsec_test";
  private static final byte[] BODY = "{\"event\":\"reply\"}".getBytes(StandardCharsets.UTF_8);
  private static final String TIMESTAMP = "1741097100"; // 2025-03-04T14:05:00Z
  // printf '%s' '1741097100.{"event":"reply"}' | openssl dgst -sha256 -hmac 'whsec_test'
  private static final String SIGNATURE =
      "v1=df2ddb96ced9d4eb92485498c9c0ce69d7ebdc44a95fbc56d993f9a9b095ffe6";
  private static final Duration TOLERANCE = Duration.ofMinutes(5);

  private static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  private static final Clock NOW = at("2025-03-04T14:06:00Z");

  @Test
  void sign_matches_openssl_hmac_of_timestamp_dot_body() {
    assertThat(CrmWebhookSignature.sign(SECRET, 1741097100L, BODY)).isEqualTo(SIGNATURE);
  }

  @Test
  void verify_accepts_a_genuine_request() {
    assertThat(CrmWebhookSignature.verify(SECRET, TIMESTAMP, BODY, SIGNATURE, NOW, TOLERANCE)).isTrue();
  }

  @Test
  void verify_rejects_a_tampered_body() {
    byte[] tampered = "{\"event\":\"reply!\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(CrmWebhookSignature.verify(SECRET, TIMESTAMP, tampered, SIGNATURE, NOW, TOLERANCE)).isFalse();
  }

  @Test
  void verify_rejects_the_wrong_secret() {
    assertThat(CrmWebhookSignature.verify("whsec_other", TIMESTAMP, BODY, SIGNATURE, NOW, TOLERANCE)).isFalse();
  }

  @Test
  void verify_rejects_a_changed_timestamp_with_the_old_signature() {
    assertThat(CrmWebhookSignature.verify(SECRET, "1741097101", BODY, SIGNATURE, NOW, TOLERANCE)).isFalse();
  }

  @Test
  void verify_rejects_a_stale_timestamp() {
    Clock sixMinutesLater = at("2025-03-04T14:11:01Z");
    assertThat(CrmWebhookSignature.verify(SECRET, TIMESTAMP, BODY, SIGNATURE, sixMinutesLater, TOLERANCE))
        .isFalse();
  }

  @Test
  void verify_rejects_a_timestamp_from_the_future() {
    Clock sixMinutesEarlier = at("2025-03-04T13:59:00Z");
    assertThat(CrmWebhookSignature.verify(SECRET, TIMESTAMP, BODY, SIGNATURE, sixMinutesEarlier, TOLERANCE))
        .isFalse();
  }

  @Test
  void verify_accepts_a_timestamp_exactly_at_the_tolerance() {
    Clock fiveMinutesLater = at("2025-03-04T14:10:00Z");
    assertThat(CrmWebhookSignature.verify(SECRET, TIMESTAMP, BODY, SIGNATURE, fiveMinutesLater, TOLERANCE))
        .isTrue();
  }

  @Test
  void verify_rejects_missing_or_malformed_headers() {
    assertThat(CrmWebhookSignature.verify(SECRET, null, BODY, SIGNATURE, NOW, TOLERANCE)).isFalse();
    assertThat(CrmWebhookSignature.verify(SECRET, TIMESTAMP, BODY, null, NOW, TOLERANCE)).isFalse();
    assertThat(CrmWebhookSignature.verify(SECRET, "yesterday", BODY, SIGNATURE, NOW, TOLERANCE)).isFalse();
    assertThat(CrmWebhookSignature.verify(SECRET, TIMESTAMP, BODY, SIGNATURE.substring(3), NOW, TOLERANCE))
        .isFalse();
    assertThat(CrmWebhookSignature.verify(SECRET, TIMESTAMP, BODY, "v1=", NOW, TOLERANCE)).isFalse();
  }

  @Test
  void verify_accepts_any_matching_signature_in_a_list() {
    String rotated = "v1=0000000000000000000000000000000000000000000000000000000000000000, " + SIGNATURE;
    assertThat(CrmWebhookSignature.verify(SECRET, TIMESTAMP, BODY, rotated, NOW, TOLERANCE)).isTrue();
  }
}
