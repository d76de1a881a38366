package dev.textback.plivo;

import static dev.textback.plivo.PlivoFixtures.AUTH_ID;
import static dev.textback.plivo.PlivoFixtures.AUTH_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlivoConfigTest {

  @Test
  void has_documented_defaults() {
    PlivoConfig config = PlivoFixtures.config().build();

    assertThat(config.apiBaseUrl()).isEqualTo("https://api.plivo.com");
    assertThat(config.dialTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.voicemail()).isFalse();
    assertThat(config.callScreening()).isFalse();
    assertThat(config.acceptSignatureV2()).isFalse();
    assertThat(config.publicBaseUrl()).isEmpty();
    assertThat(config.smsStatusCallbackUrl()).isEmpty();
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void reports_every_problem_at_once() {
    PlivoConfig.Builder builder = PlivoConfig.builder()
        .authId("AC0123")
        .apiBaseUrl("ftp://api.plivo.com")
        .publicBaseUrl("https://ex.com/?x=1")
        .dialTimeout(Duration.ofSeconds(2))
        .callScreening(true).screeningPrompt(" ")
        .readTimeout(Duration.ZERO);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("authId must be MA or SA followed by 18 letters or digits")
        .hasMessageContaining("authToken is required")
        .hasMessageContaining("apiBaseUrl must be an absolute http(s) URL")
        .hasMessageContaining("publicBaseUrl must not have a query or fragment")
        .hasMessageContaining("dialTimeout must be between 5 and 600 seconds")
        .hasMessageContaining("screeningPrompt must not be blank")
        .hasMessageContaining("readTimeout must be positive");
    assertThat(builder.problems()).hasSize(7);
  }

  @Test
  void never_shows_the_auth_token_or_url_credentials_in_to_string() {
    PlivoConfig config = PlivoFixtures.config().publicBaseUrl("https://user:pw@textback.example.com").build();

    assertThat(config.toString()).contains(AUTH_ID).doesNotContain(AUTH_TOKEN, "pw@");
  }

  @Test
  void derives_the_delivery_report_url_from_the_public_base_url() {
    PlivoConfig config = PlivoFixtures.config().publicBaseUrl("https://textback.example.com/").build();

    assertThat(config.publicBaseUrl()).contains("https://textback.example.com");
    assertThat(config.smsStatusCallbackUrl()).contains("https://textback.example.com/webhooks/plivo/sms/status");
    assertThat(config.toBuilder().smsStatusCallbackUrl("https://hooks.example.com/dlr?tenant=7").build()
        .smsStatusCallbackUrl()).contains("https://hooks.example.com/dlr?tenant=7");
  }

  @Test
  void reads_keys_from_any_lookup_and_reports_unreadable_values() {
    Map<String, String> env = Map.of(
        "PLIVO_AUTH_ID", "SAZDQ1ZDMXYTAZMTM3NT",
        "PLIVO_AUTH_TOKEN", AUTH_TOKEN,
        "PLIVO_API_BASE_URL", "http://127.0.0.1:9999/",
        "PLIVO_DIAL_TIMEOUT", "PT25S",
        "PLIVO_VOICEMAIL", "TRUE",
        "PLIVO_ACCEPT_SIGNATURE_V2", "true",
        "PLIVO_CALL_SCREENING", "true");

    PlivoConfig config = PlivoConfig.from(env::get);

    assertThat(config.authId()).isEqualTo("SAZDQ1ZDMXYTAZMTM3NT");
    assertThat(config.apiBaseUrl()).isEqualTo("http://127.0.0.1:9999");
    assertThat(config.dialTimeout()).isEqualTo(Duration.ofSeconds(25));
    assertThat(config.voicemail()).isTrue();
    assertThat(config.acceptSignatureV2()).isTrue();
    assertThat(config.callScreening()).isTrue();
    assertThatThrownBy(() -> PlivoConfig.from(Map.of("PLIVO_AUTH_ID", AUTH_ID, "PLIVO_AUTH_TOKEN", AUTH_TOKEN,
        "PLIVO_DIAL_TIMEOUT", "20s", "PLIVO_VOICEMAIL", "yes")::get))
        .hasMessageContaining("PLIVO_DIAL_TIMEOUT is not a duration")
        .hasMessageContaining("PLIVO_VOICEMAIL must be true or false");
  }
}
