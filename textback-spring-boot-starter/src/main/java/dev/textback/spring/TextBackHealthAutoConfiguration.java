package dev.textback.spring;

import dev.textback.TextBack;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The {@code textback} health indicator, when Spring Boot 3's Actuator is on the classpath. Turn it off with
 * {@code management.health.textback.enabled=false}.
 */
@AutoConfiguration(after = TextBackAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(TextBack.class)
@ConditionalOnProperty(prefix = "management.health.textback", name = "enabled", havingValue = "true",
    matchIfMissing = true)
public class TextBackHealthAutoConfiguration {
  /** Creates the auto-configuration; Spring calls this. */
  public TextBackHealthAutoConfiguration() {}

  /**
   * The indicator, named {@code textback} in {@code /actuator/health}.
   *
   * @param engine the engine
   * @param properties the {@code textback.*} properties
   * @return the indicator
   */
  @Bean
  @ConditionalOnMissingBean(name = "textbackHealthIndicator")
  public TextBackHealthIndicator textbackHealthIndicator(TextBack engine, TextBackProperties properties) {
    if (properties.getHealth().getMaxDueAge().isNegative() || properties.getHealth().getMaxDueAge().isZero()) {
      throw new TextBackPropertiesException(java.util.List.of("textback.health.max-due-age: must be positive"));
    }
    return new TextBackHealthIndicator(engine, properties.getHealth().getMaxDueAge());
  }
}
