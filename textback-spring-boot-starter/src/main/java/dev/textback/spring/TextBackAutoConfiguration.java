package dev.textback.spring;

import dev.textback.TextBack;
import dev.textback.TextBackListener;
import dev.textback.business.BusinessDirectory;
import dev.textback.carrier.Carrier;
import dev.textback.phone.CarrierId;
import dev.textback.routing.CrmWebhookRouter;
import dev.textback.spi.CallerDirectory;
import dev.textback.spi.EscalationNotifier;
import dev.textback.spi.ReplyRouter;
import dev.textback.spi.SmsGateway;
import dev.textback.spi.TextBackStore;
import dev.textback.store.InMemoryTextBackStore;
import dev.textback.plivo.PlivoCarrier;
import dev.textback.plivo.PlivoConfig;
import dev.textback.twilio.TwilioCarrier;
import dev.textback.twilio.TwilioConfig;
import dev.textback.vonage.VonageCarrier;
import dev.textback.vonage.VonageConfig;
import io.github.resilience4j.retry.RetryConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Builds the textback engine from the {@code textback.*} properties and the application's beans:
 * <ul>
 *   <li>businesses from {@code textback.businesses}, unless the application defines a {@link BusinessDirectory};
 *       a {@link CallerDirectory}, {@link ReplyRouter}, {@link EscalationNotifier} and any
 *       {@link TextBackListener}s the application defines are used as they are;</li>
 *   <li>replies posted to {@code textback.replies.crm-webhook-url} when set and no {@link ReplyRouter} is defined;</li>
 *   <li>the store: a {@code JdbcTextBackStore} on the application's {@link DataSource} (its schema migrated unless
 *       {@code textback.store.migrate=false}), else an in-memory store, with a warning, that loses everything on a
 *       restart;</li>
 *   <li>every {@link Carrier} bean and every {@link SmsGateway} bean. Twilio's comes from {@code textback.twilio.*}
 *       when the account SID and auth token are set; Vonage's from {@code textback.vonage.*} when textback-vonage is
 *       on the classpath and the API key, API secret and signature secret are set; Plivo's from
 *       {@code textback.plivo.*} when textback-plivo is on the classpath and the auth ID and auth token are set;</li>
 *   <li>a {@link TextBackLifecycle} that starts the dispatcher with the context and drains it on shutdown.</li>
 * </ul>
 * Every property is checked when the engine is built; all problems are reported at once in a
 * {@link TextBackPropertiesException}. {@code textback.enabled=false} turns the whole starter off.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration", // Boot 3
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"}) // Boot 4
@ConditionalOnProperty(prefix = "textback", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties({TextBackProperties.class, TwilioProperties.class})
public class TextBackAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(TextBackAutoConfiguration.class);

  /** Creates the auto-configuration; Spring calls this. */
  public TextBackAutoConfiguration() {}

  /**
   * The businesses of {@code textback.businesses}.
   *
   * @param properties the {@code textback.*} properties
   * @return the directory
   * @throws TextBackPropertiesException naming every property at fault
   */
  @Bean
  @ConditionalOnMissingBean
  public BusinessDirectory textBackBusinessDirectory(TextBackProperties properties) {
    if (properties.getBusinesses().isEmpty()) {
      throw new TextBackPropertiesException(List.of("textback.businesses: at least one business is required "
          + "(or define a BusinessDirectory bean, or set textback.enabled=false)"));
    }
    PropertiesReader reader = new PropertiesReader();
    BusinessDirectory directory = reader.businesses(properties.getBusinesses());
    reader.throwIfProblems();
    return directory;
  }

  /**
   * Posts callers' replies as signed JSON to {@code textback.replies.crm-webhook-url}.
   *
   * @param properties the {@code textback.*} properties
   * @return the router
   * @throws TextBackPropertiesException when the URL or the secret is missing or invalid
   */
  @Bean
  @ConditionalOnMissingBean(ReplyRouter.class)
  @Conditional(CrmWebhookUrlSet.class)
  public CrmWebhookRouter textBackCrmWebhookRouter(TextBackProperties properties) {
    TextBackProperties.Replies replies = properties.getReplies();
    List<String> problems = new ArrayList<>();
    if (replies.getCrmWebhookSecret() == null || replies.getCrmWebhookSecret().isBlank()) {
      problems.add("textback.replies.crm-webhook-secret: required with crm-webhook-url (the CRM checks the "
          + "signature made with it)");
    }
    try {
      if (problems.isEmpty()) {
        return CrmWebhookRouter.builder().url(replies.getCrmWebhookUrl()).secret(replies.getCrmWebhookSecret())
            .build();
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      problems.add("textback.replies.crm-webhook-url: " + e.getMessage());
    }
    throw new TextBackPropertiesException(problems);
  }

  /**
   * {@code textback.replies.crm-webhook-url} holds a value: a blank one ({@code ${CRM_URL:}} with the variable unset)
   * leaves the router off, as a blank carrier credential leaves its carrier off.
   */
  static final class CrmWebhookUrlSet implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      String url = context.getEnvironment().getProperty("textback.replies.crm-webhook-url");
      return url != null && !url.isBlank();
    }
  }

  /**
   * The store: JDBC on the application's DataSource when there is one, else in memory (with a warning).
   *
   * @param dataSource the application's DataSource, if any
   * @param properties the {@code textback.*} properties
   * @return the store
   */
  @Bean
  @ConditionalOnMissingBean(TextBackStore.class)
  public TextBackStore textBackStore(ObjectProvider<DataSource> dataSource, TextBackProperties properties) {
    DataSource ds = dataSource.getIfUnique();
    if (ds == null && JdbcStores.available() && dataSource.stream().findAny().isPresent()) {
      // Memory would lose opt-outs and pending texts on restart, in an application that clearly has a database.
      throw new TextBackPropertiesException(List.of("the application has " + dataSource.stream().count()
          + " DataSource beans and none is @Primary: mark the one textback should use @Primary, or define a"
          + " TextBackStore bean (JdbcTextBackStore on the DataSource you choose)"));
    }
    if (ds != null && JdbcStores.available()) return JdbcStores.create(ds, properties.getStore().isMigrate());
    log.warn("textback keeps its state in memory: pending texts, conversations and opt-outs are lost on restart, "
        + "and a second instance would text callers again. Give the application a DataSource (and textback-jdbc) "
        + "for a durable store.");
    return new InMemoryTextBackStore();
  }

  /**
   * The engine, not yet started: {@link TextBackLifecycle} starts it with the context.
   *
   * @param properties the {@code textback.*} properties
   * @param businesses the businesses served
   * @param store where state lives
   * @param carriers carrier beans (both halves: gateway and webhooks)
   * @param gateways gateway beans without webhooks
   * @param callerDirectory the application's caller directory, if any
   * @param replyRouter where replies go, if anywhere
   * @param escalationNotifier who hears about waiting replies, if anyone
   * @param listeners the application's engine listeners (and the metrics, when on)
   * @param customizers last adjustments to the builder
   * @param beanFactory tells the carriers built from properties from the application's own
   * @return the engine
   * @throws TextBackPropertiesException naming every property at fault
   */
  @Bean
  @ConditionalOnMissingBean
  public TextBack textBack(TextBackProperties properties, BusinessDirectory businesses, TextBackStore store,
      ObjectProvider<Carrier> carriers, ObjectProvider<SmsGateway> gateways,
      ObjectProvider<CallerDirectory> callerDirectory, ObjectProvider<ReplyRouter> replyRouter,
      ObjectProvider<EscalationNotifier> escalationNotifier, ObjectProvider<TextBackListener> listeners,
      ObjectProvider<TextBackBuilderCustomizer> customizers, ListableBeanFactory beanFactory) {
    PropertiesReader reader = new PropertiesReader();
    TextBack.Builder b = TextBack.builder().businesses(businesses).store(store)
        .rules(reader.rules(properties.getRules()));
    RetryConfig retry = reader.retry(properties.getRetry());
    TextBackProperties.Dispatcher d = properties.getDispatcher();
    reader.dispatcher(d, properties.getInstanceId());
    reader.throwIfProblems();
    b.retry(retry).retryLater(properties.getRetry().getLater()).pollInterval(d.getPollInterval())
        .drainTimeout(d.getDrainTimeout()).lease(d.getLease()).sendConcurrency(d.getSendConcurrency());
    if (properties.getInstanceId() != null && !properties.getInstanceId().isBlank()) {
      b.instanceId(properties.getInstanceId());
    }
    addCarriers(b, carriers, gateways, beanFactory);
    callerDirectory.ifAvailable(b::callerDirectory);
    replyRouter.ifAvailable(b::replyRouter);
    escalationNotifier.ifAvailable(b::escalationNotifier);
    listeners.orderedStream().forEach(b::listener);
    customizers.orderedStream().forEach(c -> c.customize(b));
    try {
      return b.build();
    } catch (IllegalStateException e) {
      throw new TextBackPropertiesException(List.of(e.getMessage() + " (set textback.twilio.account-sid and "
          + "textback.twilio.auth-token, or textback.vonage.api-key, api-secret and signature-secret with "
          + "textback-vonage, or textback.plivo.auth-id and auth-token with textback-plivo, or define a Carrier or "
          + "SmsGateway bean)"));
    }
  }

  /** Bean names of the carriers built here from {@code textback.<carrier>.*}. */
  private static final Set<String> PROPERTY_CARRIERS =
      Set.of("textBackTwilioCarrier", "textBackVonageCarrier", "textBackPlivoCarrier");

  /**
   * Adds the carrier and gateway beans. The application's own bean for a carrier wins over the one built from that
   * carrier's properties, whatever type its factory method declares (a {@code @Bean Carrier} escapes the
   * {@code @ConditionalOnMissingBean} on the concrete type).
   */
  private static void addCarriers(TextBack.Builder b, ObjectProvider<Carrier> carriers,
      ObjectProvider<SmsGateway> gateways, ListableBeanFactory beanFactory) {
    Set<Object> fromProperties = Collections.newSetFromMap(new IdentityHashMap<>());
    beanFactory.getBeansOfType(Carrier.class).forEach((name, carrier) -> {
      if (PROPERTY_CARRIERS.contains(name)) fromProperties.add(carrier);
    });
    List<Carrier> all = carriers.orderedStream().toList();
    List<SmsGateway> ownGateways = gateways.orderedStream().toList();
    // Only the application's own Carrier replaces one built from properties: a gateway alone has no webhooks, and the
    // two gateways for one carrier are then reported by the builder, as before.
    Set<CarrierId> own = new LinkedHashSet<>();
    for (Carrier c : all) {
      if (!fromProperties.contains(c)) own.add(c.id());
    }
    try {
      for (Carrier c : all) {
        if (fromProperties.contains(c) && own.contains(c.id())) {
          log.info("textback uses the application's own {} Carrier bean; textback.{}.* is not used",
              c.id(), c.id());
          continue;
        }
        b.carrier(c);
      }
      ownGateways.forEach(b::gateway);
    } catch (IllegalArgumentException e) {
      throw new TextBackPropertiesException(List.of(e.getMessage() + " (check the application's Carrier and "
          + "SmsGateway beans against the carriers set in textback.* properties: one for each carrier)"));
    }
  }

  /**
   * Starts the engine's dispatcher with the context and drains it on shutdown, after the web server has stopped.
   *
   * @param engine the engine
   * @return the lifecycle
   */
  @Bean
  @ConditionalOnMissingBean
  public TextBackLifecycle textBackLifecycle(TextBack engine) {
    return new TextBackLifecycle(engine);
  }

  /**
   * Twilio from {@code textback.twilio.*}, when the account SID and the auth token are set. Every carrier is wired
   * the same way: a nested configuration conditional on its adapter class and its credential properties, with a
   * properties class that maps {@code textback.<carrier>.*} to the keys its config's {@code from(lookup)} reads
   * (Vonage and Plivo each have one, below).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(TwilioCarrier.class)
  @ConditionalOnCarrierCredentials({"textback.twilio.account-sid", "textback.twilio.auth-token"})
  static class TwilioCarrierConfiguration {
    @Bean
    @ConditionalOnMissingBean(TwilioCarrier.class)
    TwilioCarrier textBackTwilioCarrier(TwilioProperties twilio, TextBackProperties properties) {
      Map<String, String> settings = twilio.settings(properties.getWebhooks().getPublicBaseUrl());
      try {
        return TwilioCarrier.create(TwilioConfig.from(settings::get), pooledConnections(properties));
      } catch (IllegalArgumentException e) {
        throw carrierPropertiesException(e, TwilioProperties.PROPERTY_BY_KEY, TwilioProperties.PROPERTY_BY_FIELD);
      }
    }
  }

  /**
   * A pooled connection per concurrent send. A send concurrency below 1 is left to the properties' own check, which
   * names it; the pool would otherwise refuse it first, in its own words.
   */
  static int pooledConnections(TextBackProperties properties) {
    return Math.max(1, properties.getDispatcher().getSendConcurrency());
  }

  /**
   * Vonage from {@code textback.vonage.*}, when textback-vonage is on the classpath and the API key, API secret and
   * signature secret are set. Its properties are bound only here, so an application without textback-vonage never
   * loads a Vonage class.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(VonageCarrier.class)
  @ConditionalOnCarrierCredentials({"textback.vonage.api-key", "textback.vonage.api-secret",
      "textback.vonage.signature-secret"})
  @EnableConfigurationProperties(VonageProperties.class)
  static class VonageCarrierConfiguration {
    @Bean
    @ConditionalOnMissingBean(VonageCarrier.class)
    VonageCarrier textBackVonageCarrier(VonageProperties vonage, TextBackProperties properties) {
      Map<String, String> settings = vonage.settings(properties.getWebhooks().getPublicBaseUrl());
      try {
        return VonageCarrier.create(VonageConfig.from(settings::get), pooledConnections(properties));
      } catch (IllegalArgumentException e) {
        throw carrierPropertiesException(e, VonageProperties.PROPERTY_BY_KEY, VonageProperties.PROPERTY_BY_FIELD);
      }
    }
  }

  /**
   * Plivo from {@code textback.plivo.*}, when textback-plivo is on the classpath and the auth ID and auth token are
   * set. Its properties are bound only here, so an application without textback-plivo never loads a Plivo class.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(PlivoCarrier.class)
  @ConditionalOnCarrierCredentials({"textback.plivo.auth-id", "textback.plivo.auth-token"})
  @EnableConfigurationProperties(PlivoProperties.class)
  static class PlivoCarrierConfiguration {
    @Bean
    @ConditionalOnMissingBean(PlivoCarrier.class)
    PlivoCarrier textBackPlivoCarrier(PlivoProperties plivo, TextBackProperties properties) {
      Map<String, String> settings = plivo.settings(properties.getWebhooks().getPublicBaseUrl());
      try {
        return PlivoCarrier.create(PlivoConfig.from(settings::get), pooledConnections(properties));
      } catch (IllegalArgumentException e) {
        throw carrierPropertiesException(e, PlivoProperties.PROPERTY_BY_KEY, PlivoProperties.PROPERTY_BY_FIELD);
      }
    }
  }

  /**
   * A carrier config's complaint with its setting keys and builder fields replaced by the property names. Two
   * builder fields can come from one property (Vonage's api-base-url sets both API hosts), so a problem repeated
   * after renaming is reported once.
   */
  static TextBackPropertiesException carrierPropertiesException(IllegalArgumentException e,
      Map<String, String> propertyByKey, Map<String, String> propertyByField) {
    Map<String, String> names = new HashMap<>(propertyByKey);
    names.putAll(propertyByField);
    String renamed = CarrierSettings.renamed(String.valueOf(e.getMessage()), names);
    LinkedHashSet<String> distinct = new LinkedHashSet<>(List.of(renamed.split("; ")));
    return new TextBackPropertiesException(List.of(String.join("; ", distinct)));
  }
}
