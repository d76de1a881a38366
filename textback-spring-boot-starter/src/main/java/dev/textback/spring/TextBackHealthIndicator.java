package dev.textback.spring;

import dev.textback.TextBack;
import dev.textback.spi.OutboxBacklog;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * textback in Actuator's health: UP while the store answers and no due text has waited longer than
 * {@code textback.health.max-due-age}; DOWN when the store cannot be reached, or when sends are stuck. Details:
 * {@code store}, {@code pending}, {@code due} and {@code oldestDueAge} (ISO-8601). Each check runs one outbox
 * query.
 */
public final class TextBackHealthIndicator implements HealthIndicator {
  private final TextBack engine;
  private final Duration maxDueAge;

  /**
   * Checks this engine.
   *
   * @param engine the engine whose store and outbox are checked
   * @param maxDueAge how long a due entry may wait before the engine counts as stuck
   */
  public TextBackHealthIndicator(TextBack engine, Duration maxDueAge) {
    this.engine = Objects.requireNonNull(engine, "engine == null");
    this.maxDueAge = Objects.requireNonNull(maxDueAge, "maxDueAge == null");
  }

  @Override
  public Health health() {
    OutboxBacklog backlog;
    try {
      backlog = engine.outboxBacklog();
    } catch (UnsupportedOperationException e) {
      return Health.up().withDetail("store", "reachable").withDetail("backlog", "not reported by this store").build();
    } catch (RuntimeException e) {
      // The type says enough (StoreUnavailableException, ...); a message could carry connection details.
      return Health.down().withDetail("store", "unreachable").withDetail("error", e.getClass().getName()).build();
    }
    Duration age = backlog.oldestDueAge(engine.clock().instant());
    Health.Builder health = age.compareTo(maxDueAge) > 0
        ? Health.down().withDetail("reason", "a due text has waited longer than " + maxDueAge)
        : Health.up();
    return health.withDetail("store", "reachable").withDetail("pending", backlog.pending())
        .withDetail("due", backlog.due()).withDetail("oldestDueAge", age.toString()).build();
  }
}
