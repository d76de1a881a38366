package dev.textback.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBack;
import dev.textback.carrier.Carrier;
import dev.textback.plivo.PlivoCarrier;
import dev.textback.twilio.TwilioCarrier;
import dev.textback.twilio.TwilioConfig;
import dev.textback.vonage.VonageCarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which carriers the starter wires: each only when its adapter is on the classpath and every one of its
 * credential properties is set and not blank.
 */
@ExtendWith(OutputCaptureExtension.class)
class CarrierWiringTest {
  private static final String[] ACME = {
      "textback.businesses[0].id=acme",
      "textback.businesses[0].name=Acme Plumbing",
      "textback.businesses[0].numbers[0].number=+12025550182"};
  private static final String[] TWILIO = {
      "textback.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
      "textback.twilio.auth-token=0123456789abcdef0123456789abcdef"};
  private static final String[] VONAGE = {
      "textback.vonage.api-key=a1b2c3d",
      "textback.vonage.api-secret=test-api-secret",
      "textback.vonage.signature-secret=textback-test-signature-secret"};
  private static final String[] PLIVO = {
      "textback.plivo.auth-id=MAZDQ1ZDMXYTAZMTM3NT",
      "textback.plivo.auth-token=MzQ1NjdjNGI5ZmUxYzI0NDQ1YTE1MWM0ZDFkMDEx"};

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(TextBackAutoConfiguration.class))
      .withPropertyValues(ACME);

  @Test
  void wires_vonage_and_mounts_its_webhooks_when_its_credentials_are_set() {
    runner.withPropertyValues(VONAGE).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(VonageCarrier.class).doesNotHaveBean(TwilioCarrier.class)
          .doesNotHaveBean(PlivoCarrier.class);
      assertThat(context.getBean(TextBack.class).webhooks()).containsOnlyKeys(VonageCarrier.ID);
    });
  }

  @Test
  void wires_plivo_and_mounts_its_webhooks_when_its_credentials_are_set() {
    runner.withPropertyValues(PLIVO).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(PlivoCarrier.class).doesNotHaveBean(TwilioCarrier.class)
          .doesNotHaveBean(VonageCarrier.class);
      assertThat(context.getBean(TextBack.class).webhooks()).containsOnlyKeys(PlivoCarrier.ID);
    });
  }

  @Test
  void the_applications_own_carrier_bean_wins_over_the_properties_whatever_type_it_declares(CapturedOutput output) {
    runner.withUserConfiguration(OwnTwilio.class).withPropertyValues(TWILIO).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(TextBack.class).webhooks()).containsOnlyKeys(TwilioCarrier.ID);
      assertThat(output).contains("textback uses the application's own twilio Carrier bean");
    });
  }

  @Test
  void two_carrier_beans_of_the_application_for_one_carrier_name_the_fix() {
    runner.withUserConfiguration(OwnTwilio.class, SecondTwilio.class).run(context ->
        assertThat(PropertiesValidationTest.rootCause(context.getStartupFailure()))
            .hasMessageContaining("one for each carrier"));
  }

  @Test
  void wires_all_three_carriers_side_by_side() {
    runner.withPropertyValues(TWILIO).withPropertyValues(VONAGE).withPropertyValues(PLIVO).run(context ->
        assertThat(context.getBean(TextBack.class).webhooks())
            .containsOnlyKeys(TwilioCarrier.ID, VonageCarrier.ID, PlivoCarrier.ID));
  }

  @Test
  void leaves_vonage_and_plivo_off_when_their_properties_are_absent() {
    runner.withPropertyValues(TWILIO).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(VonageCarrier.class).doesNotHaveBean(PlivoCarrier.class)
          .doesNotHaveBean(VonageProperties.class).doesNotHaveBean(PlivoProperties.class);
      assertThat(context.getBean(TextBack.class).webhooks()).containsOnlyKeys(TwilioCarrier.ID);
    });
  }

  @Test
  void leaves_vonage_off_while_its_signature_secret_is_blank() {
    // As with signature-secret: ${VONAGE_SIGNATURE_SECRET:} and the variable unset.
    runner.withPropertyValues(TWILIO).withPropertyValues("textback.vonage.api-key=a1b2c3d",
            "textback.vonage.api-secret=test-api-secret", "textback.vonage.signature-secret= ")
        .run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(VonageCarrier.class);
          assertThat(context.getBean(TextBack.class).webhooks()).doesNotContainKey(VonageCarrier.ID);
        });
  }

  @Test
  void leaves_plivo_off_while_its_auth_token_is_blank() {
    runner.withPropertyValues(TWILIO)
        .withPropertyValues("textback.plivo.auth-id=MAZDQ1ZDMXYTAZMTM3NT", "textback.plivo.auth-token=")
        .run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(PlivoCarrier.class);
          assertThat(context.getBean(TextBack.class).webhooks()).doesNotContainKey(PlivoCarrier.ID);
        });
  }

  @Test
  void starts_without_vonage_when_textback_vonage_is_not_on_the_classpath() {
    runner.withClassLoader(new FilteredClassLoader("dev.textback.vonage"))
        .withPropertyValues(TWILIO).withPropertyValues(VONAGE)
        .run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(VonageCarrier.class);
          assertThat(context.getBean(TextBack.class).webhooks()).containsOnlyKeys(TwilioCarrier.ID);
        });
  }

  @Test
  void starts_without_plivo_when_textback_plivo_is_not_on_the_classpath() {
    runner.withClassLoader(new FilteredClassLoader("dev.textback.plivo"))
        .withPropertyValues(TWILIO).withPropertyValues(PLIVO)
        .run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(PlivoCarrier.class);
          assertThat(context.getBean(TextBack.class).webhooks()).containsOnlyKeys(TwilioCarrier.ID);
        });
  }

  @Test
  void starts_with_twilio_alone_when_neither_vonage_nor_plivo_is_on_the_classpath() {
    runner.withClassLoader(new FilteredClassLoader("dev.textback.vonage", "dev.textback.plivo"))
        .withPropertyValues(TWILIO)
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(TwilioCarrier.class)
            .hasSingleBean(TextBack.class));
  }

  @Test
  void names_the_vonage_property_of_a_bad_setting() {
    runner.withPropertyValues(VONAGE)
        .withPropertyValues("textback.vonage.api-base-url=not a url", "textback.vonage.sms-api=fax")
        .run(context -> {
          assertThat(context).hasFailed();
          TextBackPropertiesException e =
              (TextBackPropertiesException) PropertiesValidationTest.rootCause(context.getStartupFailure());
          assertThat(e.problems()).containsExactly("invalid Vonage configuration: textback.vonage.sms-api must be "
              + "messages or sms: fax; textback.vonage.api-base-url is not a URL: not a url");
        });
  }

  @Test
  void names_the_plivo_property_of_a_bad_setting() {
    runner.withPropertyValues("textback.plivo.auth-id=not-an-auth-id", "textback.plivo.auth-token=token")
        .run(context -> {
          assertThat(context).hasFailed();
          TextBackPropertiesException e =
              (TextBackPropertiesException) PropertiesValidationTest.rootCause(context.getStartupFailure());
          assertThat(e.getMessage()).contains("textback.plivo.auth-id must be MA or SA")
              .doesNotContain("authId");
        });
  }

  /** A Twilio carrier the application builds itself, declared as a plain {@link Carrier}. */
  static Carrier ownTwilio() {
    return TwilioCarrier.create(TwilioConfig.builder().accountSid("AC0123456789abcdef0123456789abcdef")
        .authToken("0123456789abcdef0123456789abcdef").build());
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnTwilio {
    @Bean
    Carrier myTwilio() {
      return ownTwilio();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class SecondTwilio {
    @Bean
    Carrier secondTwilio() {
      return ownTwilio();
    }
  }
}
