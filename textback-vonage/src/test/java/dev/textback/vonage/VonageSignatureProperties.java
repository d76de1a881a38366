package dev.textback.vonage;

import static dev.textback.vonage.VonageFixtures.SIGNATURE_SECRET;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.vonage.VonageConfig.SignatureMethod;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/**
 * Both schemes over arbitrary content, signed by hand in {@link VonageFixtures}: what Vonage signed is accepted,
 * and any one character changed afterwards is refused.
 */
class VonageSignatureProperties {
  private static final Instant NOW = Instant.parse("2026-03-10T15:00:00Z");
  private final VonageSignatureVerifier jwt = VonageSignatureVerifier.signedWebhooks(VonageFixtures.config().build());

  @Property(tries = 500)
  void accepts_a_jwt_over_any_body_and_refuses_it_once_one_character_changed(
      @ForAll @StringLength(min = 1, max = 400) String body, @ForAll @IntRange(min = 0, max = 399) int at,
      @ForAll @IntRange(min = -299, max = 299) int skewSeconds) {
    String token = VonageFixtures.jwt(SIGNATURE_SECRET,
        VonageFixtures.claims(body.getBytes(StandardCharsets.UTF_8), NOW.plusSeconds(skewSeconds)));
    int i = at % body.length();
    String changed = body.substring(0, i) + (char) (body.charAt(i) == 'a' ? 'b' : 'a') + body.substring(i + 1);

    assertThatCode(() -> jwt.verify(VonageFixtures.jsonPost("event", body, token), NOW)).doesNotThrowAnyException();
    assertThatThrownBy(() -> jwt.verify(VonageFixtures.jsonPost("event", changed, token), NOW))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Property(tries = 500)
  void accepts_a_sig_over_any_parameters_and_refuses_it_once_a_value_changed(
      @ForAll("params") Map<String, String> params, @ForAll SignatureMethod method) {
    Map<String, String> signed = new LinkedHashMap<>(params);
    signed.put("timestamp", Long.toString(NOW.getEpochSecond()));
    String sig = method == SignatureMethod.MD5HASH ? VonageFixtures.md5hash(signed, SIGNATURE_SECRET)
        : VonageFixtures.hmacSig(method.hmac().orElseThrow(), signed, SIGNATURE_SECRET);
    Map<String, String> tampered = new LinkedHashMap<>(signed);
    String key = tampered.keySet().iterator().next();
    tampered.put(key, tampered.get(key) + "x");
    signed.put("sig", sig);
    tampered.put("sig", sig);
    VonageSignatureVerifier verifier = new VonageSignatureVerifier(VonageSignatureVerifier.Scheme.SMS_API,
        SIGNATURE_SECRET, null, method, Duration.ofMinutes(5));

    assertThatCode(() -> verifier.verify(form(signed), NOW)).doesNotThrowAnyException();
    assertThatThrownBy(() -> verifier.verify(form(tampered), NOW)).isInstanceOf(WebhookVerificationException.class);
  }

  @Provide
  Arbitrary<Map<String, String>> params() {
    Arbitrary<String> keys = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz-").ofMinLength(1).ofMaxLength(12)
        .filter(k -> !k.equals("sig") && !k.equals("timestamp"));
    Arbitrary<String> values = Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter(v -> !v.isBlank());
    return Arbitraries.maps(keys, values).ofMinSize(1).ofMaxSize(8);
  }

  private static WebhookRequest form(Map<String, String> params) {
    return WebhookRequest.formPost(VonageFixtures.url("sms/inbound"), Map.of(), VonageFixtures.form(params));
  }
}
