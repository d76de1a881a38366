package dev.textback.server;

import dev.textback.demo.TwilioSimulator;
import dev.textback.demo.Demo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.business.BusinessProfile;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  private static String business(String fields) {
    return "{\"businesses\":[{\"id\":\"b1\",\"name\":\"Acme\",\"numbers\":[\"+13035550142\"]" + fields + "}]}";
  }

  @Test
  void the_sample_configuration_builds_the_summit_business() {
    BusinessProfile p = Demo.sampleConfig().businesses().get(0).profile();

    assertThat(p.displayName()).isEqualTo("Summit Heating & Cooling");
    assertThat(p.zone()).isEqualTo(ZoneId.of("America/Denver"));
    assertThat(p.numbers().get(0).forwardingTarget()).isPresent();
    assertThat(p.openingHours().on(DayOfWeek.SUNDAY)).isEmpty();
    assertThat(p.averageJobValue()).isEqualByComparingTo(new BigDecimal("350"));
    assertThat(p.escalateAfter()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void invalid_json_names_line_and_column() {
    assertThatThrownBy(() -> ServerConfig.parse("{\"businesses\": [}"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not valid JSON (line 1, column");
  }

  @Test
  void a_bad_number_names_its_field() {
    assertThatThrownBy(() -> ServerConfig.parse(
        "{\"businesses\":[{\"id\":\"b1\",\"name\":\"Acme\",\"numbers\":[\"+13035550142\",{\"number\":\"12\"}]}]}"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("businesses[0].numbers[1].number: ");
  }

  @Test
  void a_number_too_large_for_a_duration_names_its_field() {
    // 1e17 hours overflowed Duration.ofMinutes and surfaced as an ArithmeticException naming nothing.
    assertThatThrownBy(() -> ServerConfig.parse(business(",\"cooldownHours\":1e17")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cooldownHours: must be a number from 0 to");
    assertThatThrownBy(() -> ServerConfig.parse(business(",\"quietHours\":{\"maxDeferralHours\":1e17}")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("maxDeferralHours: must be a number from 0 to");
  }

  @Test
  void a_missing_name_is_reported() {
    assertThatThrownBy(() -> ServerConfig.parse("{\"businesses\":[{\"id\":\"b1\",\"numbers\":[\"+13035550142\"]}]}"))
        .isInstanceOf(ConfigException.class).hasMessage("businesses[0].name: required");
  }

  @Test
  void an_unknown_time_zone_is_reported() {
    assertThatThrownBy(() -> ServerConfig.parse(business(",\"timeZone\":\"Mars/Olympus\"")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("businesses[0].timeZone: unknown time zone 'Mars/Olympus' (use e.g. America/Denver)");
  }

  @Test
  void bad_opening_hours_are_reported_with_the_day() {
    assertThatThrownBy(() -> ServerConfig.parse(business(",\"hours\":{\"mon\":\"8am to 5pm\"}")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("businesses[0].hours.mon: ");
  }

  @Test
  void a_template_with_an_unknown_placeholder_is_reported_with_its_name() {
    assertThatThrownBy(() -> ServerConfig.parse(business(
        ",\"templates\":{\"en\":{\"default\":\"Hi from {bussiness}\"}}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("businesses[0].templates: ")
        .hasMessageContaining("DEFAULT/en")
        .hasMessageContaining("{bussiness}");
  }

  @Test
  void a_crm_webhook_needs_its_secret() {
    assertThatThrownBy(() -> ServerConfig.parse(business(
        ",\"replyRouting\":{\"crmWebhookUrl\":\"https://crm.example/hook\"}")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("businesses[0].replyRouting.crmWebhookSecret: required");
  }

  @Test
  void an_unknown_quiet_hours_mode_is_reported() {
    assertThatThrownBy(() -> ServerConfig.parse(business(",\"quietHours\":{\"mode\":\"later\"}")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("businesses[0].quietHours.mode: must be one of defer, suppress, send (was 'later')");
  }

  @Test
  void a_misspelt_setting_is_refused_not_ignored() {
    assertThatThrownBy(() -> ServerConfig.parse(
        "{\"businesses\":[{\"id\":\"b1\",\"name\":\"Acme\",\"numbers\":[{\"number\":\"+13035550142\","
            + "\"forwardto\":\"+13035550199\"}]}]}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("businesses[0].numbers[0].forwardto: unknown setting (known here: forwardTo, location, number)");
  }

  @Test
  void a_number_forwarding_to_itself_is_refused() {
    assertThatThrownBy(() -> ServerConfig.parse(
        "{\"businesses\":[{\"id\":\"b1\",\"name\":\"Acme\",\"numbers\":[{\"number\":\"+13035550142\","
            + "\"forwardTo\":\"+13035550142\"}]}]}"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("businesses[0].numbers[0].forwardTo: is the business number");
  }

  @Test
  void settings_refuse_a_bad_port_and_a_missing_config() {
    assertThatThrownBy(() -> Settings.from(java.util.Map.of("TEXTBACK_PORT", "eighty", "TEXTBACK_CONFIG", "x.json"),
        new String[0])).isInstanceOf(ConfigException.class).hasMessage("TEXTBACK_PORT: not a port number: 'eighty'");
    assertThatThrownBy(() -> Settings.from(java.util.Map.of(), new String[0]))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("TEXTBACK_CONFIG: required");
  }
}
