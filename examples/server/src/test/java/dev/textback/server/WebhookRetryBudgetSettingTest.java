package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TEXTBACK_WEBHOOK_RETRY_BUDGET: how long a webhook waits for an unreachable store before answering 503. */
class WebhookRetryBudgetSettingTest {
  private static Map<String, String> env(String budget) {
    Map<String, String> env = new HashMap<>();
    env.put("TEXTBACK_CONFIG", "businesses.json");
    if (budget != null) env.put("TEXTBACK_WEBHOOK_RETRY_BUDGET", budget);
    return env;
  }

  @Test
  void unset_leaves_the_engines_default() {
    assertThat(Settings.webhookRetryBudget(Settings.from(env(null), new String[0]).env())).isEmpty();
  }

  @Test
  void takes_whole_seconds_iso_8601_and_zero() {
    assertThat(Settings.webhookRetryBudget(env("8"))).contains(Duration.ofSeconds(8));
    assertThat(Settings.webhookRetryBudget(env("PT2.5S"))).contains(Duration.ofMillis(2500));
    assertThat(Settings.webhookRetryBudget(env("0"))).contains(Duration.ZERO);
  }

  @Test
  void refuses_what_is_not_a_duration_at_start_up() {
    assertThatThrownBy(() -> Settings.from(env("5s"), new String[0])).isInstanceOf(ConfigException.class)
        .hasMessageContaining("TEXTBACK_WEBHOOK_RETRY_BUDGET is not a duration (seconds or ISO-8601): 5s");
  }

  @Test
  void refuses_a_budget_the_carrier_would_not_wait_for() {
    assertThatThrownBy(() -> Settings.from(env("15"), new String[0])).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("TEXTBACK_WEBHOOK_RETRY_BUDGET: must be between 0 and 14 seconds");
    assertThatThrownBy(() -> Settings.from(env("-PT1S"), new String[0])).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("TEXTBACK_WEBHOOK_RETRY_BUDGET: must be between 0 and 14 seconds");
  }
}
