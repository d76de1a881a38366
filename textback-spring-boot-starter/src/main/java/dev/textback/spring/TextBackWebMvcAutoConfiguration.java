package dev.textback.spring;

import dev.textback.TextBack;
import dev.textback.carrier.CarrierWebhooks;
import jakarta.servlet.Filter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/**
 * Mounts the engine's carrier webhooks in Spring MVC at {@code /webhooks/{carrier}/{route}}: exactly the routes the
 * carriers define (e.g. {@code /webhooks/twilio/voice/dial}) and nothing else. Each gets the raw body and the public
 * URL (from {@code textback.webhooks.public-base-url}, else the request and its forwarded headers) for its signature
 * check. {@code textback.webhooks.enabled=false} leaves mounting to the application.
 */
@AutoConfiguration(after = TextBackAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(TextBack.class)
@ConditionalOnProperty(prefix = "textback.webhooks", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TextBackWebMvcAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(TextBackWebMvcAutoConfiguration.class);
  /** The largest {@code max-body-bytes} accepted: 16 MiB. */
  private static final int MAX_BODY_LIMIT = 16 * 1024 * 1024;

  /** Creates the auto-configuration; Spring calls this. */
  public TextBackWebMvcAutoConfiguration() {}

  /**
   * The webhook routes, ahead of the application's own mappings.
   *
   * @param engine the engine whose carriers' webhooks are mounted
   * @param properties the {@code textback.*} properties
   * @return the handler mapping
   */
  @Bean
  public SimpleUrlHandlerMapping textBackWebhookHandlerMapping(TextBack engine, TextBackProperties properties) {
    TextBackProperties.Webhooks w = properties.getWebhooks();
    validMaxBodyBytes(properties);
    Map<String, Object> routes = new LinkedHashMap<>();
    for (CarrierWebhooks hooks : engine.webhooks().values()) {
      hooks.byPath().forEach((path, endpoint) -> routes.put(path,
          new CarrierWebhookHandler(endpoint, w.getPublicBaseUrl(), w.isTrustForwardedHeaders(), w.getMaxBodyBytes())));
    }
    log.info("textback webhooks mounted: {}", routes.keySet());
    return new SimpleUrlHandlerMapping(routes, Ordered.HIGHEST_PRECEDENCE + 100);
  }

  /**
   * Reads each webhook's body before any other filter may use it up (see {@link WebhookBodyFilter}).
   *
   * @param engine the engine whose carriers' webhooks are mounted
   * @param properties the {@code textback.*} properties
   * @return the filter, registered by Spring Boot as every {@code Filter} bean is
   */
  @Bean
  public Filter textBackWebhookBodyFilter(TextBack engine, TextBackProperties properties) {
    Set<String> paths = new LinkedHashSet<>();
    for (CarrierWebhooks hooks : engine.webhooks().values()) paths.addAll(hooks.byPath().keySet());
    return new WebhookBodyFilter(paths, validMaxBodyBytes(properties));
  }

  private static int validMaxBodyBytes(TextBackProperties properties) {
    int max = properties.getWebhooks().getMaxBodyBytes();
    if (max < 1 || max > MAX_BODY_LIMIT) {
      throw new TextBackPropertiesException(java.util.List.of("textback.webhooks.max-body-bytes: must be from 1 to "
          + MAX_BODY_LIMIT + " (carriers' webhooks are a few kilobytes), not " + max));
    }
    return max;
  }
}
