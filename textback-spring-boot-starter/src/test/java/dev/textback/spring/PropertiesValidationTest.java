package dev.textback.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Bad textback.* properties stop the start with every problem named by its property. */
class PropertiesValidationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(TextBackAutoConfiguration.class))
      .withPropertyValues("textback.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
          "textback.twilio.auth-token=0123456789abcdef0123456789abcdef");

  @Test
  void names_every_bad_business_property_at_once() {
    runner.withPropertyValues(
        "textback.businesses[0].id=acme",
        "textback.businesses[0].time-zone=Mars/Olympus",
        "textback.businesses[0].numbers[0].number=not a number",
        "textback.businesses[0].hours.monday=9-5ish",
        "textback.businesses[0].quiet-hours.send-from=8am")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(rootCause(context.getStartupFailure())).isInstanceOf(TextBackPropertiesException.class);
          TextBackPropertiesException e = (TextBackPropertiesException) rootCause(context.getStartupFailure());
          assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("textback.businesses[0].name: required"))
              .anySatisfy(p -> assertThat(p).startsWith("textback.businesses[0].time-zone: unknown time zone"))
              .anySatisfy(p -> assertThat(p).startsWith("textback.businesses[0].numbers[0].number: "))
              .anySatisfy(p -> assertThat(p).startsWith("textback.businesses[0].hours.monday: "))
              .anySatisfy(p -> assertThat(p).startsWith("textback.businesses[0].quiet-hours.send-from: "));
        });
  }

  @Test
  void names_an_unknown_template_placeholder() {
    runner.withPropertyValues(
        "textback.businesses[0].id=acme",
        "textback.businesses[0].name=Acme",
        "textback.businesses[0].numbers[0].number=+12025550182",
        "textback.businesses[0].templates.default=Hi from {busness}")
        .run(context -> assertThat(rootCause(context.getStartupFailure()))
            .hasMessageContaining("textback.businesses[0].templates: ").hasMessageContaining("{busness}"));
  }

  @Test
  void asks_for_a_business_when_none_is_configured() {
    runner.run(context -> assertThat(rootCause(context.getStartupFailure()))
        .isInstanceOf(TextBackPropertiesException.class)
        .hasMessageContaining("textback.businesses: at least one business is required"));
  }

  @Test
  void names_the_twilio_property_of_a_bad_setting() {
    runner.withPropertyValues(
        "textback.businesses[0].id=acme",
        "textback.businesses[0].name=Acme",
        "textback.businesses[0].numbers[0].number=+12025550182",
        "textback.twilio.account-sid=not-an-account")
        .run(context -> assertThat(rootCause(context.getStartupFailure()))
            .hasMessageContaining("textback.twilio.account-sid"));
  }

  @Test
  void names_the_missing_secret_of_the_crm_webhook() {
    runner.withPropertyValues(
        "textback.businesses[0].id=acme",
        "textback.businesses[0].name=Acme",
        "textback.businesses[0].numbers[0].number=+12025550182",
        "textback.replies.crm-webhook-url=https://crm.example.com/hooks/textback")
        .run(context -> assertThat(rootCause(context.getStartupFailure()))
            .hasMessageContaining("textback.replies.crm-webhook-secret: required"));
  }

  @Test
  void names_bad_retry_and_dispatcher_settings() {
    runner.withPropertyValues(
        "textback.businesses[0].id=acme",
        "textback.businesses[0].name=Acme",
        "textback.businesses[0].numbers[0].number=+12025550182",
        "textback.retry.max-attempts=0",
        "textback.dispatcher.send-concurrency=0")
        .run(context -> assertThat(((TextBackPropertiesException) rootCause(context.getStartupFailure())).problems())
            .containsExactly("textback.retry.max-attempts: must be at least 1",
                "textback.dispatcher.send-concurrency: must be at least 1"));
  }

  @Test
  void names_dispatcher_settings_past_the_engines_bounds_and_a_too_long_instance_id() {
    runner.withPropertyValues(
        "textback.businesses[0].id=acme",
        "textback.businesses[0].name=Acme",
        "textback.businesses[0].numbers[0].number=+12025550182",
        "textback.dispatcher.poll-interval=500us",
        "textback.dispatcher.lease=2d",
        "textback.instance-id=" + "i".repeat(256))
        .run(context -> assertThat(((TextBackPropertiesException) rootCause(context.getStartupFailure())).problems())
            .satisfiesExactly(
                p -> assertThat(p).startsWith("textback.dispatcher.poll-interval: ").contains("at least 1 ms"),
                p -> assertThat(p).startsWith("textback.dispatcher.lease: ").contains("at most"),
                p -> assertThat(p).startsWith("textback.instance-id: ").contains("255")));
  }

  static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
    return cause;
  }
}
