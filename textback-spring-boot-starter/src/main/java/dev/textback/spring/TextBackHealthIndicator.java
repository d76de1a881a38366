package dev.textback.spring;

import dev.textback.TextBack;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * textback in Actuator's health (Spring Boot 3): UP while the store answers and no due text has waited longer than
 * {@code textback.health.max-due-age}; DOWN when the store cannot be reached, or when sends are stuck. Details:
 * {@code store}, {@code pending}, {@code due} and {@code oldestDueAge} (ISO-8601). Each check runs one outbox
 * query. On Spring Boot 4 the starter registers the same check through Boot 4's health API.
 */
public final class TextBackHealthIndicator implements HealthIndicator {
  private final TextBackHealth health;

  /**
   * Checks this engine.
   *
   * @param engine the engine whose store and outbox are checked
   * @param maxDueAge how long a due entry may wait before the engine counts as stuck
   */
  public TextBackHealthIndicator(TextBack engine, Duration maxDueAge) {
    this.health = new TextBackHealth(Objects.requireNonNull(engine, "engine == null"),
        Objects.requireNonNull(maxDueAge, "maxDueAge == null"));
  }

  @Override
  public Health health() {
    TextBackHealth.Report report = health.check();
    return (report.up() ? Health.up() : Health.down()).withDetails(report.details()).build();
  }
}
