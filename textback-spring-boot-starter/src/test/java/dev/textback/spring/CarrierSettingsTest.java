package dev.textback.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CarrierSettingsTest {
  private static final Map<String, String> NAMES = Map.of(
      "TWILIO_VOICEMAIL", "textback.twilio.voicemail",
      "TWILIO_VOICEMAIL_GREETING", "textback.twilio.voicemail-greeting",
      "voicemail", "textback.twilio.voicemail",
      "authToken", "textback.twilio.auth-token");

  @Test
  void puts_property_names_in_place_of_setting_keys_and_builder_fields_once() {
    assertThat(CarrierSettings.renamed("TWILIO_VOICEMAIL_GREETING is too long; TWILIO_VOICEMAIL: not a flag; "
        + "authToken is required; voicemail off", NAMES))
        .isEqualTo("textback.twilio.voicemail-greeting is too long; textback.twilio.voicemail: not a flag; "
            + "textback.twilio.auth-token is required; textback.twilio.voicemail off");
  }
}
