package dev.textback.spring;

import dev.textback.TextBack;
import dev.textback.micrometer.TextBackMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * textback's meters, when Micrometer and textback-micrometer are on the classpath: a {@link TextBackMetrics}
 * listener on the engine, which Spring Boot binds to its meter registries like every
 * {@link io.micrometer.core.instrument.binder.MeterBinder} bean. Turn it off with
 * {@code textback.metrics.enabled=false}.
 */
@AutoConfiguration(before = TextBackAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, TextBackMetrics.class})
@ConditionalOnProperty(prefix = "textback", name = {"enabled", "metrics.enabled"}, havingValue = "true",
    matchIfMissing = true)
public class TextBackMetricsAutoConfiguration {
  /** Creates the auto-configuration; Spring calls this. */
  public TextBackMetricsAutoConfiguration() {}

  /**
   * The metrics listener and meter binder.
   *
   * @return the metrics
   */
  @Bean
  @ConditionalOnMissingBean
  public TextBackMetrics textBackMetrics() {
    return new TextBackMetrics();
  }

  /**
   * Points the outbox gauges at the engine once every singleton exists.
   *
   * @param metrics the metrics
   * @param engine the engine, when one was built
   * @return the hook
   */
  @Bean
  public SmartInitializingSingleton textBackMetricsWatch(TextBackMetrics metrics, ObjectProvider<TextBack> engine) {
    return () -> engine.ifAvailable(metrics::watch);
  }
}
