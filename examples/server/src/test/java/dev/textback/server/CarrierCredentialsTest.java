package dev.textback.server;

import static dev.textback.server.TwilioCredentialsSettingTest.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Part of a carrier's credentials is a mistake, reported with the missing variable's name as for Twilio, rather than
 * the carrier left out in silence (a server that also has Twilio would start without it, and its webhooks get 404).
 */
class CarrierCredentialsTest {
  @Test
  void vonage_key_and_secret_without_the_signature_secret_name_the_missing_variable() {
    assertThatThrownBy(() -> new VonageModule().carrier(settings("VONAGE_API_KEY", "abcd1234",
        "VONAGE_API_SECRET", "Secret123456")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("VONAGE_SIGNATURE_SECRET");
  }

  @Test
  void a_plivo_auth_id_without_its_token_names_the_missing_variable() {
    assertThatThrownBy(() -> new PlivoModule().carrier(settings("PLIVO_AUTH_ID", "MAXXXXXXXXXXXXXXXXXX")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("PLIVO_AUTH_TOKEN");
  }

  @Test
  void a_carrier_with_none_of_its_credentials_is_simply_not_used() {
    assertThat(new VonageModule().carrier(settings())).isEmpty();
    assertThat(new PlivoModule().carrier(settings())).isEmpty();
  }
}
