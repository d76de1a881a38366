package dev.textback.spring;

import dev.textback.TextBack;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The {@code textback} health indicator, when Actuator is on the classpath: a {@link TextBackHealthIndicator} on
 * Spring Boot 3, the same check through Boot 4's health API on Spring Boot 4. Turn it off with
 * {@code management.health.textback.enabled=false}.
 */
@AutoConfiguration(after = TextBackAutoConfiguration.class)
@ConditionalOnBean(TextBack.class)
@ConditionalOnProperty(prefix = "management.health.textback", name = "enabled", havingValue = "true",
    matchIfMissing = true)
public class TextBackHealthAutoConfiguration {
  /** Creates the auto-configuration; Spring calls this. */
  public TextBackHealthAutoConfiguration() {}

  /** Spring Boot 3: Actuator's own health API. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
  static class Boot3Health {
    // Kept in this nested class: a method of the outer class naming Boot 3's types would fail on Boot 4.
    @Bean
    @ConditionalOnMissingBean(name = "textbackHealthIndicator")
    TextBackHealthIndicator textbackHealthIndicator(TextBack engine, TextBackProperties properties) {
      if (properties.getHealth().getMaxDueAge().isNegative() || properties.getHealth().getMaxDueAge().isZero()) {
        throw new TextBackPropertiesException(java.util.List.of("textback.health.max-due-age: must be positive"));
      }
      return new TextBackHealthIndicator(engine, properties.getHealth().getMaxDueAge());
    }
  }

  /** Spring Boot 4: the health API moved to its own module and package. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = Boot4HealthRegistrar.INDICATOR)
  @Import(Boot4HealthRegistrar.class)
  static class Boot4Health {}
}
