package dev.textback.spring;

import dev.textback.TextBack;
import dev.textback.spi.OutboxBacklog;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health check itself, apart from Actuator's types: Spring Boot 3 and 4 keep their health API in different
 * packages, and each gets a thin adapter over this.
 */
final class TextBackHealth {
  /** The outcome: up or down, and the details to show. */
  record Report(boolean up, Map<String, Object> details) {}

  private final TextBack engine;
  private final Duration maxDueAge;

  TextBackHealth(TextBack engine, Duration maxDueAge) {
    this.engine = engine;
    this.maxDueAge = maxDueAge;
  }

  Report check() {
    Map<String, Object> details = new LinkedHashMap<>();
    OutboxBacklog backlog;
    try {
      backlog = engine.outboxBacklog();
    } catch (UnsupportedOperationException e) {
      details.put("store", "reachable");
      details.put("backlog", "not reported by this store");
      return new Report(true, details);
    } catch (RuntimeException e) {
      // The type says enough (StoreUnavailableException, ...); a message could carry connection details.
      details.put("store", "unreachable");
      details.put("error", e.getClass().getName());
      return new Report(false, details);
    }
    Duration age = backlog.oldestDueAge(engine.clock().instant());
    boolean stuck = age.compareTo(maxDueAge) > 0;
    if (stuck) details.put("reason", "a due text has waited longer than " + maxDueAge);
    details.put("store", "reachable");
    details.put("pending", backlog.pending());
    details.put("due", backlog.due());
    details.put("oldestDueAge", age.toString());
    return new Report(!stuck, details);
  }
}
