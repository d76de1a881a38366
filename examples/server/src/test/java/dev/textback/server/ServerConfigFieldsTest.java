package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.business.BusinessProfile;
import dev.textback.template.Situation;
import org.junit.jupiter.api.Test;

/** Values of the wrong kind are refused at start with the field at fault, never taken for something else. */
class ServerConfigFieldsTest {
  private static String business(String fields) {
    return "{\"businesses\":[{\"id\":\"b1\",\"name\":\"Acme\",\"numbers\":[\"+13035550142\"]" + fields + "}]}";
  }

  @Test
  void a_template_that_is_json_null_is_refused_not_texted_as_the_word_null() {
    assertThatThrownBy(() -> ServerConfig.parse(business(
        ",\"templates\":{\"en\":{\"default\":\"Hi from {business}. Reply STOP to opt out.\",\"busy\":null}}")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("templates.en.busy: must be a non-empty string");
  }

  @Test
  void a_template_that_is_not_a_string_is_refused() {
    assertThatThrownBy(() -> ServerConfig.parse(business(",\"templates\":{\"en\":{\"default\":42}}")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("templates.en.default");
  }

  @Test
  void a_language_without_templates_makes_it_the_built_in_templates_default() {
    BusinessProfile p = ServerConfig.parse(business(",\"language\":\"es\"")).businesses().get(0).profile();

    assertThat(p.templates().defaultLanguage()).isEqualTo("es");
    assertThat(p.templates().select(Situation.DEFAULT, java.util.List.of()).language()).isEqualTo("es");
  }

  @Test
  void a_language_the_built_in_templates_lack_is_refused() {
    assertThatThrownBy(() -> ServerConfig.parse(business(",\"language\":\"fr\"")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("businesses[0].language").hasMessageContaining("fr");
  }

  @Test
  void owner_sms_that_is_not_a_boolean_is_refused() {
    assertThatThrownBy(() -> ServerConfig.parse(business(
        ",\"ownerPhone\":\"+13035550177\",\"replyRouting\":{\"ownerSms\":\"yes\"}")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("replyRouting.ownerSms");
  }

  @Test
  void two_businesses_with_one_id_or_one_number_are_refused_naming_the_field() {
    String sameId = "{\"businesses\":[{\"id\":\"b1\",\"name\":\"Acme\",\"numbers\":[\"+13035550142\"]},"
        + "{\"id\":\"b1\",\"name\":\"Other\",\"numbers\":[\"+13035550143\"]}]}";
    String sameNumber = "{\"businesses\":[{\"id\":\"b1\",\"name\":\"Acme\",\"numbers\":[\"+13035550142\"]},"
        + "{\"id\":\"b2\",\"name\":\"Other\",\"numbers\":[\"+13035550142\"]}]}";

    assertThatThrownBy(() -> ServerConfig.parse(sameId))
        .isInstanceOf(ConfigException.class).hasMessageContaining("businesses[1].id");
    assertThatThrownBy(() -> ServerConfig.parse(sameNumber))
        .isInstanceOf(ConfigException.class).hasMessageContaining("businesses[1].numbers");
  }

  @Test
  void a_webhook_url_the_router_takes_is_taken_here_too() {
    // A docker-compose service name holds an underscore, which java.net.URI refuses as a host.
    ServerConfig config = ServerConfig.parse(business(
        ",\"replyRouting\":{\"crmWebhookUrl\":\"http://crm_service:8080/textback\",\"crmWebhookSecret\":\"s\"}"));

    assertThat(config.businesses().get(0).routing().crmWebhookUrl()).isEqualTo("http://crm_service:8080/textback");
  }

  @Test
  void a_webhook_url_that_is_no_http_url_is_refused_naming_the_field() {
    assertThatThrownBy(() -> ServerConfig.parse(business(
        ",\"replyRouting\":{\"crmWebhookUrl\":\"crm.example/textback\",\"crmWebhookSecret\":\"s\"}")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("replyRouting.crmWebhookUrl");
    assertThatThrownBy(() -> ServerConfig.parse(business(
        ",\"replyRouting\":{\"escalationWebhookUrl\":\"ftp://crm.example/x\",\"crmWebhookSecret\":\"s\"}")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("replyRouting.escalationWebhookUrl");
  }
}
