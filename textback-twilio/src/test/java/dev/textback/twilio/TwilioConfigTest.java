package dev.textback.twilio;

import static dev.textback.twilio.TwilioFixtures.ACCOUNT_SID;
import static dev.textback.twilio.TwilioFixtures.AUTH_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioConfigTest {
  private static final String API_KEY_SID = "SK0123456789abcdef0123456789abcdef";
  private static final String API_KEY_SECRET = "kS3cr3t-value-never-logged";

  @Test
  void has_documented_defaults() {
    TwilioConfig config = TwilioFixtures.config().build();

    assertThat(config.apiBaseUrl()).isEqualTo("https://api.twilio.com");
    assertThat(config.dialTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.voicemail()).isFalse();
    assertThat(config.answeringMachineDetection()).isFalse();
    assertThat(config.callScreening()).isFalse();
    assertThat(config.apiKeySid()).isEmpty();
    assertThat(config.messagingServiceSid()).isEmpty();
    assertThat(config.publicBaseUrl()).isEmpty();
    assertThat(config.smsStatusCallbackUrl()).isEmpty();
  }

  @Test
  void reports_every_problem_at_once() {
    TwilioConfig.Builder builder = TwilioConfig.builder()
        .accountSid("SK0123")
        .apiKey(API_KEY_SID, null)
        .apiBaseUrl("ftp://api.twilio.com")
        .messagingServiceSid("MG123")
        .publicBaseUrl("not a url")
        .dialTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ZERO);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accountSid must be AC followed by 32 hex digits")
        .hasMessageContaining("authToken is required")
        .hasMessageContaining("apiKeySid and apiKeySecret go together")
        .hasMessageContaining("apiBaseUrl must be an absolute http(s) URL")
        .hasMessageContaining("messagingServiceSid must be MG")
        .hasMessageContaining("publicBaseUrl")
        .hasMessageContaining("dialTimeout must be between 5 and 600 seconds")
        .hasMessageContaining("readTimeout must be positive");
    assertThat(builder.problems()).hasSize(8);
  }

  @Test
  void never_shows_secrets_in_to_string() {
    TwilioConfig config = TwilioFixtures.config().apiKey(API_KEY_SID, API_KEY_SECRET).build();

    assertThat(config.toString())
        .contains(ACCOUNT_SID, API_KEY_SID)
        .doesNotContain(AUTH_TOKEN, API_KEY_SECRET);
  }

  @Test
  void derives_the_delivery_receipt_url_from_the_public_base_url_asking_twilio_to_retry_a_5xx() {
    TwilioConfig config = TwilioFixtures.config().publicBaseUrl("https://textback.example.com/").build();

    assertThat(config.publicBaseUrl()).contains("https://textback.example.com");
    // Twilio retries a webhook only on a connect failure unless the URL's fragment asks for more (rc=1, rp=ct).
    assertThat(config.smsStatusCallbackUrl())
        .contains("https://textback.example.com/webhooks/twilio/sms/status#rc=2&rp=5xx,ct,rt");
    assertThat(config.toBuilder().smsStatusCallbackUrl("https://hooks.example.com/dlr?tenant=7#rc=2").build()
        .smsStatusCallbackUrl()).contains("https://hooks.example.com/dlr?tenant=7#rc=2");
  }

  @Test
  void reads_keys_from_any_lookup() {
    Map<String, String> env = Map.of(
        "TWILIO_ACCOUNT_SID", ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN", AUTH_TOKEN,
        "TWILIO_API_KEY_SID", API_KEY_SID,
        "TWILIO_API_KEY_SECRET", API_KEY_SECRET,
        "TWILIO_API_BASE_URL", "http://localhost:8080",
        "TWILIO_DIAL_TIMEOUT", "15",
        "TWILIO_VOICEMAIL", "TRUE",
        "TWILIO_READ_TIMEOUT", "PT5S",
        "TWILIO_PUBLIC_BASE_URL", " ");

    TwilioConfig config = TwilioConfig.from(env::get);

    assertThat(config.accountSid()).isEqualTo(ACCOUNT_SID);
    assertThat(config.apiKeySid()).contains(API_KEY_SID);
    assertThat(config.apiKeySecret()).contains(API_KEY_SECRET);
    assertThat(config.apiBaseUrl()).isEqualTo("http://localhost:8080");
    assertThat(config.dialTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.voicemail()).isTrue();
    assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.publicBaseUrl()).isEmpty();
  }

  @Test
  void reports_unreadable_values_together_with_missing_ones() {
    Map<String, String> env = Map.of("TWILIO_DIAL_TIMEOUT", "soon", "TWILIO_VOICEMAIL", "yes");

    assertThatThrownBy(() -> TwilioConfig.from(env::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TWILIO_DIAL_TIMEOUT is not a duration")
        .hasMessageContaining("TWILIO_VOICEMAIL must be true or false")
        .hasMessageContaining("TWILIO_ACCOUNT_SID is missing")
        .hasMessageContaining("TWILIO_AUTH_TOKEN is missing");
  }

  @Test
  void errors_from_the_environment_name_the_variable_to_change() {
    Map<String, String> env = Map.of("TWILIO_ACCOUNT_SID", "AC123", "TWILIO_AUTH_TOKEN", "token",
        "TWILIO_API_KEY_SID", "SK0123456789abcdef0123456789abcdef", "TWILIO_PUBLIC_BASE_URL", "textback.example.com");

    assertThatThrownBy(() -> TwilioConfig.from(env::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits")
        .hasMessageContaining("TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET go together")
        .hasMessageContaining("TWILIO_PUBLIC_BASE_URL")
        .hasMessageNotContaining("accountSid")
        .hasMessageNotContaining("publicBaseUrl");
  }

  @Test
  void errors_from_the_builder_name_the_builder_method() {
    assertThatThrownBy(() -> TwilioConfig.builder().accountSid("AC123").build())
        .hasMessageContaining("accountSid must be AC followed by 32 hex digits")
        .hasMessageContaining("authToken is required");
  }
}
