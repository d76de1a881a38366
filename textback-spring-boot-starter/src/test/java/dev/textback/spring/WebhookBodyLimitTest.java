package dev.textback.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** {@code textback.webhooks.max-body-bytes} is checked at start: a value no read can honour is refused there. */
class WebhookBodyLimitTest {
  private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(TextBackAutoConfiguration.class, TextBackWebMvcAutoConfiguration.class))
      .withPropertyValues("textback.businesses[0].id=acme", "textback.businesses[0].name=Acme Plumbing",
          "textback.businesses[0].numbers[0].number=+12025550182",
          "textback.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
          "textback.twilio.auth-token=0123456789abcdef0123456789abcdef");

  @Test
  void a_limit_past_16_mib_is_refused_at_start_with_the_property_named() {
    // Integer.MAX_VALUE passed the old check and then broke every webhook (reading one byte past it overflows).
    runner.withPropertyValues("textback.webhooks.max-body-bytes=" + Integer.MAX_VALUE)
        .run(context -> assertThat(PropertiesValidationTest.rootCause(context.getStartupFailure()))
            .hasMessageContaining("textback.webhooks.max-body-bytes: must be from 1 to 16777216"));
  }

  @Test
  void the_default_limit_starts_and_mounts_the_body_filter() {
    runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(WebhookBodyFilter.class));
  }
}
