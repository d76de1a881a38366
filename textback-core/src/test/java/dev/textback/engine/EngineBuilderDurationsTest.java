package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.textback.TextBack;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Durations the engine could not use are refused by the builder with the setting's name, rather than accepted and
 * failing later: a poll interval under a millisecond made {@code start()} throw a bare exception and leave the engine
 * marked started; "forever" as a drain timeout made {@code close()} overflow half-way through.
 */
class EngineBuilderDurationsTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void a_poll_interval_under_a_millisecond_is_refused_naming_the_setting() {
    assertThatIllegalArgumentException().isThrownBy(() -> TextBack.builder().pollInterval(Duration.ofNanos(500_000)))
        .withMessageContaining("pollInterval");
    assertThatCode(() -> TextBack.builder().pollInterval(Duration.ofMillis(1))).doesNotThrowAnyException();
  }

  @Test
  void durations_past_a_day_are_refused_naming_the_setting() {
    Duration forever = ChronoUnit.FOREVER.getDuration();
    assertThatIllegalArgumentException().isThrownBy(() -> TextBack.builder().drainTimeout(forever))
        .withMessageContaining("drainTimeout");
    assertThatIllegalArgumentException().isThrownBy(() -> TextBack.builder().lease(forever))
        .withMessageContaining("lease");
    assertThatIllegalArgumentException().isThrownBy(() -> TextBack.builder().webhookRetryBudget(forever))
        .withMessageContaining("webhookRetryBudget");
    assertThatIllegalArgumentException().isThrownBy(() -> TextBack.builder().pollInterval(forever))
        .withMessageContaining("pollInterval");
  }

  @Test
  void an_engine_with_a_day_long_drain_timeout_closes() {
    TextBack engine = f.engineBuilder().drainTimeout(Duration.ofDays(1)).build();
    engine.start();

    assertThatCode(engine::close).doesNotThrowAnyException();
  }
}
