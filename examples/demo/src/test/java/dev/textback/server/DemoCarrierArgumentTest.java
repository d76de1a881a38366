package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --carrier} picks the carrier the demo simulates, and only with {@code --demo}. */
class DemoCarrierArgumentTest {
  private static final Map<String, String> ENV = Map.of("TEXTBACK_CONFIG", "x.json");

  @Test
  void the_demo_simulates_twilio_unless_told_otherwise() {
    assertThat(Settings.from(ENV, new String[] {"--demo"}).demoCarrier()).isEqualTo("twilio");
  }

  @Test
  void carrier_is_taken_as_a_separate_argument_or_after_an_equals_sign() {
    assertThat(Settings.from(ENV, new String[] {"--demo", "--carrier", "vonage"}).demoCarrier()).isEqualTo("vonage");
    assertThat(Settings.from(ENV, new String[] {"--carrier=plivo", "--demo"}).demoCarrier()).isEqualTo("plivo");
    assertThat(Settings.from(ENV, new String[] {"--carrier", "twilio", "--demo"}).demoCarrier()).isEqualTo("twilio");
  }

  @Test
  void an_unknown_carrier_is_refused_naming_the_ones_there_are() {
    assertThatThrownBy(() -> Settings.from(ENV, new String[] {"--demo", "--carrier", "bandwidth"}))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--carrier: unknown carrier 'bandwidth' (the demo simulates twilio, vonage, plivo)");
  }

  @Test
  void carrier_without_demo_is_refused() {
    assertThatThrownBy(() -> Settings.from(ENV, new String[] {"--carrier", "vonage"}))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--carrier: only with --demo");
  }

  @Test
  void carrier_without_a_value_or_given_twice_is_refused() {
    assertThatThrownBy(() -> Settings.from(ENV, new String[] {"--demo", "--carrier"}))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--carrier: needs a carrier, one of twilio, vonage, plivo");
    assertThatThrownBy(() -> Settings.from(ENV, new String[] {"--carrier", "--demo"}))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--carrier: needs a carrier, one of twilio, vonage, plivo");
    assertThatThrownBy(() -> Settings.from(ENV, new String[] {"--demo", "--carrier", "plivo", "--carrier=vonage"}))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--carrier: given twice");
  }
}
