package dev.textback.spring;

import dev.textback.TextBack;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Registers the {@code textback} health indicator with Spring Boot 4's health API
 * ({@code org.springframework.boot.health.contributor}), which this jar is not compiled against: the indicator is a
 * proxy of Boot 4's interface that builds Boot 4's {@code Health} by reflection over {@link TextBackHealth}.
 */
final class Boot4HealthRegistrar implements ImportBeanDefinitionRegistrar {
  static final String INDICATOR = "org.springframework.boot.health.contributor.HealthIndicator";
  private static final String HEALTH = "org.springframework.boot.health.contributor.Health";
  private static final String BEAN = "textbackHealthIndicator";

  @Override
  public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    ClassLoader loader = Boot4HealthRegistrar.class.getClassLoader();
    if (!ClassUtils.isPresent(INDICATOR, loader) || registry.containsBeanDefinition(BEAN)
        || !(registry instanceof BeanFactory beans)) {
      return;
    }
    Class<?> indicator = ClassUtils.resolveClassName(INDICATOR, loader);
    RootBeanDefinition definition = new RootBeanDefinition();
    definition.setTargetType(indicator);
    definition.setInstanceSupplier(() -> {
      TextBackProperties properties = beans.getBean(TextBackProperties.class);
      Duration maxDueAge = properties.getHealth().getMaxDueAge();
      if (maxDueAge.isNegative() || maxDueAge.isZero()) {
        throw new TextBackPropertiesException(java.util.List.of("textback.health.max-due-age: must be positive"));
      }
      return proxy(indicator, new TextBackHealth(beans.getBean(TextBack.class), maxDueAge), loader);
    });
    registry.registerBeanDefinition(BEAN, definition);
  }

  private static Object proxy(Class<?> indicator, TextBackHealth health, ClassLoader loader) {
    Class<?> healthType = ClassUtils.resolveClassName(HEALTH, loader);
    InvocationHandler handler = (self, method, args) -> {
      if (method.getName().equals("health") && method.getParameterCount() == 0) return build(healthType, health);
      if (method.isDefault()) return InvocationHandler.invokeDefault(self, method, args);
      return switch (method.getName()) {
        case "toString" -> "TextBackHealthIndicator (Spring Boot 4)";
        case "hashCode" -> System.identityHashCode(self);
        case "equals" -> self == args[0];
        default -> throw new UnsupportedOperationException(method.toString());
      };
    };
    return Proxy.newProxyInstance(loader, new Class<?>[] {indicator}, handler);
  }

  private static Object build(Class<?> healthType, TextBackHealth health) throws ReflectiveOperationException {
    TextBackHealth.Report report = health.check();
    Object builder = healthType.getMethod(report.up() ? "up" : "down").invoke(null);
    Method withDetails = builder.getClass().getMethod("withDetails", Map.class);
    withDetails.invoke(builder, report.details());
    return builder.getClass().getMethod("build").invoke(builder);
  }
}
