package dev.textback.vonage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the settings: defaults, the environment, every problem at once, and no secret in {@code toString}. */
class VonageConfigTest {
  @TempDir Path dir;

  @Test
  void reads_the_environment_with_defaults_for_everything_else() {
    VonageConfig config = VonageConfig.from(Map.of(
        VonageConfig.API_KEY, "a1b2c3d",
        VonageConfig.API_SECRET, "api-secret-value",
        VonageConfig.SIGNATURE_SECRET, "signature-secret-value",
        VonageConfig.API_BASE_URL, "http://127.0.0.1:8089/",
        VonageConfig.SMS_API, "sms",
        VonageConfig.SIGNATURE_METHOD, "SHA256",
        VonageConfig.DIAL_TIMEOUT, "15")::get);

    assertThat(config.apiBaseUrl()).isEqualTo("http://127.0.0.1:8089");
    assertThat(config.restBaseUrl()).isEqualTo("http://127.0.0.1:8089");
    assertThat(config.smsApi()).isEqualTo(VonageConfig.SmsApi.SMS);
    assertThat(config.signatureMethod()).isEqualTo(VonageConfig.SignatureMethod.SHA256);
    assertThat(config.dialTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.signatureMaxSkew()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.applicationId()).isEmpty();
    assertThat(VonageConfig.builder().apiKey("k").apiSecret("s").signatureSecret("x").build().apiBaseUrl())
        .isEqualTo("https://api.nexmo.com");
  }

  @Test
  void reports_every_problem_at_once() {
    Map<String, String> env = new HashMap<>();
    env.put(VonageConfig.SMS_API, "carrier-pigeon");
    env.put(VonageConfig.SIGNATURE_METHOD, "sha3");
    env.put(VonageConfig.DIAL_TIMEOUT, "1");
    env.put(VonageConfig.APPLICATION_ID, "aaaaaaaa-bbbb-cccc-dddd-0123456789ab");

    assertThatThrownBy(() -> VonageConfig.from(env::get)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey is required")
        .hasMessageContaining("apiSecret is required")
        .hasMessageContaining("signatureSecret is required")
        .hasMessageContaining("VONAGE_SMS_API must be messages or sms")
        .hasMessageContaining("VONAGE_SIGNATURE_METHOD must be one of")
        .hasMessageContaining("dialTimeout must be between 3 and 7200 seconds")
        .hasMessageContaining("applicationId and privateKey go together");
  }

  @Test
  void reads_the_private_key_file_and_refuses_one_that_is_not_a_pkcs8_key() throws Exception {
    Path key = dir.resolve("private.key");
    Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(
        KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    Path pkcs1 = dir.resolve("pkcs1.key");
    Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");

    VonageConfig config = VonageConfig.from(env(key)::get);

    assertThat(config.applicationId()).contains("aaaaaaaa-bbbb-cccc-dddd-0123456789ab");
    assertThat(config.privateKey()).isPresent();
    assertThatThrownBy(() -> VonageConfig.from(env(pkcs1)::get)).hasMessageContaining("openssl pkcs8");
    assertThatThrownBy(() -> VonageConfig.from(env(dir.resolve("missing.key"))::get))
        .hasMessageContaining("VONAGE_PRIVATE_KEY_PATH cannot be read");
  }

  @Test
  void keeps_secrets_and_the_private_key_out_of_to_string() {
    VonageConfig config = VonageFixtures.config().build();

    assertThat(config.toString()).contains("a1b2c3d").doesNotContain(VonageFixtures.API_SECRET)
        .doesNotContain(VonageFixtures.SIGNATURE_SECRET);
  }

  private static Map<String, String> env(Path key) {
    return Map.of(VonageConfig.API_KEY, "a1b2c3d", VonageConfig.API_SECRET, "s", VonageConfig.SIGNATURE_SECRET, "x",
        VonageConfig.APPLICATION_ID, "aaaaaaaa-bbbb-cccc-dddd-0123456789ab",
        VonageConfig.PRIVATE_KEY_PATH, key.toString());
  }
}
