package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN: both mount Twilio, neither leaves it out, one alone is an error. */
class TwilioCredentialsSettingTest {
  private static final String SID = "AC0123456789abcdef0123456789abcdef";

  /** Settings of a config file and the given environment variables (name, value, name, value…). */
  static Settings settings(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("TEXTBACK_CONFIG", "businesses.json");
    for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
    return Settings.from(env, new String[0]);
  }

  @Test
  void without_credentials_twilio_is_not_mounted() {
    assertThat(new TwilioModule().carrier(settings())).isEmpty();
  }

  @Test
  void with_both_credentials_twilio_is_mounted() {
    assertThat(new TwilioModule().carrier(settings("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", "token")))
        .isPresent();
  }

  @Test
  void an_account_sid_without_its_token_names_the_missing_variable() {
    assertThatThrownBy(() -> new TwilioModule().carrier(settings("TWILIO_ACCOUNT_SID", SID)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("TWILIO_AUTH_TOKEN is missing");
  }

  @Test
  void a_malformed_account_sid_names_its_variable() {
    Settings settings = settings("TWILIO_ACCOUNT_SID", "AC123", "TWILIO_AUTH_TOKEN", "t");

    assertThatThrownBy(() -> new TwilioModule().carrier(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits");
  }
}
