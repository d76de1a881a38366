package dev.textback.spring;

import dev.textback.TextBack;

/**
 * Adjusts the engine builder after the starter has applied the {@code textback.*} properties and the application's
 * beans, and before the engine is built: for settings the properties do not cover (an executor, keywords, a
 * language chooser). Define one or more as beans; they run in {@link org.springframework.core.Ordered} order.
 */
@FunctionalInterface
public interface TextBackBuilderCustomizer {
  /**
   * Adjusts the builder.
   *
   * @param builder the builder the engine will be built from
   */
  void customize(TextBack.Builder builder);
}
