package dev.textback.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessProfile;
import dev.textback.gateway.ConsoleSmsGateway;
import dev.textback.jdbc.JdbcTextBackStore;
import dev.textback.routing.CrmWebhookRouter;
import dev.textback.spi.ReplyRouter;
import dev.textback.spi.SmsGateway;
import dev.textback.spi.TextBackStore;
import dev.textback.store.InMemoryTextBackStore;
import dev.textback.twilio.TwilioCarrier;
import java.io.OutputStream;
import java.io.PrintStream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Which parts the starter builds the engine from: properties, the application's beans, the classpath. */
@ExtendWith(OutputCaptureExtension.class)
class EngineWiringTest {
  private static final String[] ACME = {
      "textback.businesses[0].id=acme",
      "textback.businesses[0].name=Acme Plumbing",
      "textback.businesses[0].numbers[0].number=+12025550182"};
  private static final String[] TWILIO = {
      "textback.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
      "textback.twilio.auth-token=0123456789abcdef0123456789abcdef"};

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, TextBackAutoConfiguration.class));

  @Test
  void keeps_state_in_the_applications_database_when_it_has_one() {
    runner.withPropertyValues(ACME).withPropertyValues(TWILIO)
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:wiring;DB_CLOSE_DELAY=-1")
        .run(context -> assertThat(context).hasSingleBean(TextBack.class)
            .getBean(TextBackStore.class).isInstanceOf(JdbcTextBackStore.class));
  }

  @Test
  void starts_in_memory_with_a_warning_without_jdbc_on_the_classpath(CapturedOutput output) {
    runner.withClassLoader(new FilteredClassLoader("org.springframework.jdbc", "org.h2", "com.zaxxer"))
        .withPropertyValues(ACME).withPropertyValues(TWILIO)
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(TextBack.class);
          assertThat(context.getBean(TextBackStore.class)).isInstanceOf(InMemoryTextBackStore.class);
          assertThat(output).contains("textback keeps its state in memory");
        });
  }

  @Test
  void refuses_to_start_in_memory_when_the_application_has_two_data_sources_and_neither_is_primary() {
    runner.withUserConfiguration(TwoDataSources.class).withPropertyValues(ACME).withPropertyValues(TWILIO)
        .run(context -> assertThat(PropertiesValidationTest.rootCause(context.getStartupFailure()))
            .hasMessageContaining("2 DataSource beans and none is @Primary"));
  }

  @Test
  void uses_the_primary_of_two_data_sources() {
    runner.withUserConfiguration(TwoDataSources.class, PrimaryDataSource.class).withPropertyValues(ACME)
        .withPropertyValues(TWILIO)
        .run(context -> assertThat(context).hasNotFailed().getBean(TextBackStore.class)
            .isInstanceOf(JdbcTextBackStore.class));
  }

  @Test
  void leaves_twilio_off_while_a_credential_is_blank() {
    // As with account-sid: ${TWILIO_ACCOUNT_SID:} and the variable unset.
    runner.withUserConfiguration(ConsoleGateway.class).withPropertyValues(ACME)
        .withPropertyValues("textback.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
            "textback.twilio.auth-token=")
        .run(context -> {
          assertThat(context).doesNotHaveBean(TwilioCarrier.class);
          assertThat(context.getBean(TextBack.class).webhooks()).isEmpty();
        });
  }

  @Test
  void uses_the_applications_business_directory_instead_of_properties() {
    runner.withUserConfiguration(OwnBusinesses.class).withPropertyValues(TWILIO)
        .run(context -> assertThat(context.getBean(TextBack.class).businesses().byId("own")).isPresent());
  }

  @Test
  void posts_replies_to_the_crm_webhook_of_the_properties() {
    runner.withPropertyValues(ACME).withPropertyValues(TWILIO)
        .withPropertyValues("textback.replies.crm-webhook-url=https://crm.example.com/hooks/textback",
            "textback.replies.crm-webhook-secret=s3cret")
        .run(context -> assertThat(context.getBean(ReplyRouter.class)).isInstanceOf(CrmWebhookRouter.class));
  }

  @Test
  void a_blank_crm_webhook_url_leaves_the_router_off_as_an_unset_one_does() {
    // application.yml: crm-webhook-url: ${CRM_URL:} with CRM_URL unset
    runner.withPropertyValues(ACME).withPropertyValues(TWILIO)
        .withPropertyValues("textback.replies.crm-webhook-url=", "textback.replies.crm-webhook-secret=")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CrmWebhookRouter.class));
  }

  @Test
  void names_the_fix_when_no_carrier_or_gateway_is_configured() {
    runner.withPropertyValues(ACME)
        .run(context -> assertThat(PropertiesValidationTest.rootCause(context.getStartupFailure()))
            .hasMessageContaining("set textback.twilio.account-sid and textback.twilio.auth-token"));
  }

  @Test
  void builds_nothing_when_disabled() {
    runner.withPropertyValues("textback.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(TextBack.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class ConsoleGateway {
    @Bean
    SmsGateway console() {
      return new ConsoleSmsGateway(new PrintStream(OutputStream.nullOutputStream()));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoDataSources {
    @Bean
    DataSource crmDataSource() {
      return h2("crm");
    }

    @Bean
    DataSource reportingDataSource() {
      return h2("reporting");
    }

    static DataSource h2(String name) {
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL("jdbc:h2:mem:" + name + "-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      return ds;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class PrimaryDataSource {
    @Bean
    @Primary
    DataSource textbackDataSource() {
      return TwoDataSources.h2("textback");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBusinesses {
    @Bean
    BusinessDirectory businesses() {
      return BusinessDirectory.of(BusinessProfile.builder().id("own").displayName("Own")
          .number("+12025550182").build());
    }
  }
}
