package dev.textback.spring;

import dev.textback.call.CallOutcome;
import dev.textback.phone.LineType;
import dev.textback.policy.OptOutScope;
import dev.textback.policy.QuietHoursMode;
import dev.textback.template.Situation;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code textback.*} properties: the businesses served, rules, retries, the dispatcher, the store, where replies
 * go and how webhooks see their public URL. Checked when the engine is built; every problem is reported at once,
 * with the property that causes it. Carrier credentials live under their own prefixes ({@code textback.twilio.*}).
 */
@ConfigurationProperties(prefix = "textback")
public class TextBackProperties {
  /** Creates the defaults, before Spring binds the properties. */
  public TextBackProperties() {}

  /** Whether to build a textback engine at all. */
  private boolean enabled = true;
  /**
   * Name of this engine instance, the owner of its outbox claims; unique per process. Defaults to a random id.
   */
  private @Nullable String instanceId;
  /**
   * The businesses served. Leave empty when the application defines its own BusinessDirectory bean.
   */
  private List<Business> businesses = new ArrayList<>();
  private final Rules rules = new Rules();
  private final Retry retry = new Retry();
  private final Dispatcher dispatcher = new Dispatcher();
  private final Store store = new Store();
  private final Replies replies = new Replies();
  private final Webhooks webhooks = new Webhooks();
  private final Health health = new Health();

  /**
   * The {@code enabled} property.
   *
   * @return its value
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets the {@code enabled} property.
   *
   * @param enabled the new value
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The {@code instance-id} property.
   *
   * @return its value
   */
  public @Nullable String getInstanceId() {
    return instanceId;
  }

  /**
   * Sets the {@code instance-id} property.
   *
   * @param instanceId the new value
   */
  public void setInstanceId(@Nullable String instanceId) {
    this.instanceId = instanceId;
  }

  /**
   * The {@code businesses} property.
   *
   * @return its value
   */
  public List<Business> getBusinesses() {
    return businesses;
  }

  /**
   * Sets the {@code businesses} property.
   *
   * @param businesses the new value
   */
  public void setBusinesses(List<Business> businesses) {
    this.businesses = businesses;
  }

  /**
   * The {@code rules} property.
   *
   * @return its value
   */
  public Rules getRules() {
    return rules;
  }

  /**
   * The {@code retry} property.
   *
   * @return its value
   */
  public Retry getRetry() {
    return retry;
  }

  /**
   * The {@code dispatcher} property.
   *
   * @return its value
   */
  public Dispatcher getDispatcher() {
    return dispatcher;
  }

  /**
   * The {@code store} property.
   *
   * @return its value
   */
  public Store getStore() {
    return store;
  }

  /**
   * The {@code replies} property.
   *
   * @return its value
   */
  public Replies getReplies() {
    return replies;
  }

  /**
   * The {@code webhooks} property.
   *
   * @return its value
   */
  public Webhooks getWebhooks() {
    return webhooks;
  }

  /**
   * The {@code health} property.
   *
   * @return its value
   */
  public Health getHealth() {
    return health;
  }

  /** One business: its numbers, hours, texts and policies. */
  public static class Business {
    /** Creates the defaults, before Spring binds the properties. */
    public Business() {}

    /** Stable id of the business, used in the store and the CRM payloads. */
    private @Nullable String id;
    /** Name shown in texts through the {business} placeholder. */
    private @Nullable String name;
    /** Region (ISO 3166 country code) for numbers written without a country code. */
    private String region = "US";
    /** Time zone of the business, for opening hours (e.g. America/Denver). */
    private @Nullable String timeZone;
    /** The business's phone numbers that callers dial. */
    private List<Number> numbers = new ArrayList<>();
    /**
     * Opening hours by day, as {@code 08:00-17:00} or {@code closed}; days left out are closed. Empty means always
     * open.
     */
    private Map<DayOfWeek, String> hours = new EnumMap<>(DayOfWeek.class);
    /** Default language of the texts, a BCP-47 tag. */
    private String language = "en";
    /**
     * Text-back templates in the default language by situation (default, open, after-hours, voicemail-left, busy);
     * {@code default} is required when any is set. Placeholders: {business}, {caller_name}, {booking_link}, ...
     */
    private Map<Situation, String> templates = new EnumMap<>(Situation.class);
    /** Templates in further languages: language tag to situation to text. */
    private Map<String, Map<Situation, String>> translations = new LinkedHashMap<>();
    /** Link offered in texts through the {booking_link} placeholder. */
    private @Nullable String bookingLink;
    /** Answer to HELP. */
    private @Nullable String helpText;
    /** Phone of the owner, for owner SMS forwarding and escalations. */
    private @Nullable String ownerPhone;
    /** No second text-back to the same caller within this time. */
    private @Nullable Duration cooldown;
    /** Wait before a text-back goes out, so a quick call-back makes it unnecessary. */
    private @Nullable Duration sendDelay;
    /** Escalate a caller's reply nobody answered within this time. */
    private @Nullable Duration escalateAfter;
    /** Average value of a job, for the recovered-revenue figure in stats. */
    private @Nullable BigDecimal averageJobValue;
    /** Which numbers a STOP covers: number, business or account. */
    private @Nullable OptOutScope optOutScope;
    /** Callers never texted (e.g. staff, suppliers). */
    private List<String> ignore = new ArrayList<>();
    private final QuietHours quietHours = new QuietHours();

    /**
     * The {@code id} property.
     *
     * @return its value
     */
    public @Nullable String getId() {
      return id;
    }

    /**
     * Sets the {@code id} property.
     *
     * @param id the new value
     */
    public void setId(@Nullable String id) {
      this.id = id;
    }

    /**
     * The {@code name} property.
     *
     * @return its value
     */
    public @Nullable String getName() {
      return name;
    }

    /**
     * Sets the {@code name} property.
     *
     * @param name the new value
     */
    public void setName(@Nullable String name) {
      this.name = name;
    }

    /**
     * The {@code region} property.
     *
     * @return its value
     */
    public String getRegion() {
      return region;
    }

    /**
     * Sets the {@code region} property.
     *
     * @param region the new value
     */
    public void setRegion(String region) {
      this.region = region;
    }

    /**
     * The {@code time-zone} property.
     *
     * @return its value
     */
    public @Nullable String getTimeZone() {
      return timeZone;
    }

    /**
     * Sets the {@code time-zone} property.
     *
     * @param timeZone the new value
     */
    public void setTimeZone(@Nullable String timeZone) {
      this.timeZone = timeZone;
    }

    /**
     * The {@code numbers} property.
     *
     * @return its value
     */
    public List<Number> getNumbers() {
      return numbers;
    }

    /**
     * Sets the {@code numbers} property.
     *
     * @param numbers the new value
     */
    public void setNumbers(List<Number> numbers) {
      this.numbers = numbers;
    }

    /**
     * The {@code hours} property.
     *
     * @return its value
     */
    public Map<DayOfWeek, String> getHours() {
      return hours;
    }

    /**
     * Sets the {@code hours} property.
     *
     * @param hours the new value
     */
    public void setHours(Map<DayOfWeek, String> hours) {
      this.hours = hours;
    }

    /**
     * The {@code language} property.
     *
     * @return its value
     */
    public String getLanguage() {
      return language;
    }

    /**
     * Sets the {@code language} property.
     *
     * @param language the new value
     */
    public void setLanguage(String language) {
      this.language = language;
    }

    /**
     * The {@code templates} property.
     *
     * @return its value
     */
    public Map<Situation, String> getTemplates() {
      return templates;
    }

    /**
     * Sets the {@code templates} property.
     *
     * @param templates the new value
     */
    public void setTemplates(Map<Situation, String> templates) {
      this.templates = templates;
    }

    /**
     * The {@code translations} property.
     *
     * @return its value
     */
    public Map<String, Map<Situation, String>> getTranslations() {
      return translations;
    }

    /**
     * Sets the {@code translations} property.
     *
     * @param translations the new value
     */
    public void setTranslations(Map<String, Map<Situation, String>> translations) {
      this.translations = translations;
    }

    /**
     * The {@code booking-link} property.
     *
     * @return its value
     */
    public @Nullable String getBookingLink() {
      return bookingLink;
    }

    /**
     * Sets the {@code booking-link} property.
     *
     * @param bookingLink the new value
     */
    public void setBookingLink(@Nullable String bookingLink) {
      this.bookingLink = bookingLink;
    }

    /**
     * The {@code help-text} property.
     *
     * @return its value
     */
    public @Nullable String getHelpText() {
      return helpText;
    }

    /**
     * Sets the {@code help-text} property.
     *
     * @param helpText the new value
     */
    public void setHelpText(@Nullable String helpText) {
      this.helpText = helpText;
    }

    /**
     * The {@code owner-phone} property.
     *
     * @return its value
     */
    public @Nullable String getOwnerPhone() {
      return ownerPhone;
    }

    /**
     * Sets the {@code owner-phone} property.
     *
     * @param ownerPhone the new value
     */
    public void setOwnerPhone(@Nullable String ownerPhone) {
      this.ownerPhone = ownerPhone;
    }

    /**
     * The {@code cooldown} property.
     *
     * @return its value
     */
    public @Nullable Duration getCooldown() {
      return cooldown;
    }

    /**
     * Sets the {@code cooldown} property.
     *
     * @param cooldown the new value
     */
    public void setCooldown(@Nullable Duration cooldown) {
      this.cooldown = cooldown;
    }

    /**
     * The {@code send-delay} property.
     *
     * @return its value
     */
    public @Nullable Duration getSendDelay() {
      return sendDelay;
    }

    /**
     * Sets the {@code send-delay} property.
     *
     * @param sendDelay the new value
     */
    public void setSendDelay(@Nullable Duration sendDelay) {
      this.sendDelay = sendDelay;
    }

    /**
     * The {@code escalate-after} property.
     *
     * @return its value
     */
    public @Nullable Duration getEscalateAfter() {
      return escalateAfter;
    }

    /**
     * Sets the {@code escalate-after} property.
     *
     * @param escalateAfter the new value
     */
    public void setEscalateAfter(@Nullable Duration escalateAfter) {
      this.escalateAfter = escalateAfter;
    }

    /**
     * The {@code average-job-value} property.
     *
     * @return its value
     */
    public @Nullable BigDecimal getAverageJobValue() {
      return averageJobValue;
    }

    /**
     * Sets the {@code average-job-value} property.
     *
     * @param averageJobValue the new value
     */
    public void setAverageJobValue(@Nullable BigDecimal averageJobValue) {
      this.averageJobValue = averageJobValue;
    }

    /**
     * The {@code opt-out-scope} property.
     *
     * @return its value
     */
    public @Nullable OptOutScope getOptOutScope() {
      return optOutScope;
    }

    /**
     * Sets the {@code opt-out-scope} property.
     *
     * @param optOutScope the new value
     */
    public void setOptOutScope(@Nullable OptOutScope optOutScope) {
      this.optOutScope = optOutScope;
    }

    /**
     * The {@code ignore} property.
     *
     * @return its value
     */
    public List<String> getIgnore() {
      return ignore;
    }

    /**
     * Sets the {@code ignore} property.
     *
     * @param ignore the new value
     */
    public void setIgnore(List<String> ignore) {
      this.ignore = ignore;
    }

    /**
     * The {@code quiet-hours} property.
     *
     * @return its value
     */
    public QuietHours getQuietHours() {
      return quietHours;
    }
  }

  /** One number of a business. */
  public static class Number {
    /** Creates the defaults, before Spring binds the properties. */
    public Number() {}

    /** The number callers dial, E.164 or national in the business's region. */
    private @Nullable String number;
    /** Where the carrier forwards calls to this number before they count as missed (the business's real phone). */
    private @Nullable String forwardTo;
    /** Name of the location this number serves, for texts and the CRM. */
    private @Nullable String location;

    /**
     * The {@code number} property.
     *
     * @return its value
     */
    public @Nullable String getNumber() {
      return number;
    }

    /**
     * Sets the {@code number} property.
     *
     * @param number the new value
     */
    public void setNumber(@Nullable String number) {
      this.number = number;
    }

    /**
     * The {@code forward-to} property.
     *
     * @return its value
     */
    public @Nullable String getForwardTo() {
      return forwardTo;
    }

    /**
     * Sets the {@code forward-to} property.
     *
     * @param forwardTo the new value
     */
    public void setForwardTo(@Nullable String forwardTo) {
      this.forwardTo = forwardTo;
    }

    /**
     * The {@code location} property.
     *
     * @return its value
     */
    public @Nullable String getLocation() {
      return location;
    }

    /**
     * Sets the {@code location} property.
     *
     * @param location the new value
     */
    public void setLocation(@Nullable String location) {
      this.location = location;
    }
  }

  /** When texts may go out, in the caller's local time. */
  public static class QuietHours {
    /** Creates the defaults, before Spring binds the properties. */
    public QuietHours() {}

    /** Start of the window in which texts may go out, e.g. 08:00. */
    private @Nullable String sendFrom;
    /** End of that window, e.g. 21:00. */
    private @Nullable String sendUntil;
    /** What to do with a text outside the window: defer, suppress or send. */
    private @Nullable QuietHoursMode mode;
    /** The longest a text may be deferred before it is dropped. */
    private @Nullable Duration maxDeferral;

    /**
     * The {@code send-from} property.
     *
     * @return its value
     */
    public @Nullable String getSendFrom() {
      return sendFrom;
    }

    /**
     * Sets the {@code send-from} property.
     *
     * @param sendFrom the new value
     */
    public void setSendFrom(@Nullable String sendFrom) {
      this.sendFrom = sendFrom;
    }

    /**
     * The {@code send-until} property.
     *
     * @return its value
     */
    public @Nullable String getSendUntil() {
      return sendUntil;
    }

    /**
     * Sets the {@code send-until} property.
     *
     * @param sendUntil the new value
     */
    public void setSendUntil(@Nullable String sendUntil) {
      this.sendUntil = sendUntil;
    }

    /**
     * The {@code mode} property.
     *
     * @return its value
     */
    public @Nullable QuietHoursMode getMode() {
      return mode;
    }

    /**
     * Sets the {@code mode} property.
     *
     * @param mode the new value
     */
    public void setMode(@Nullable QuietHoursMode mode) {
      this.mode = mode;
    }

    /**
     * The {@code max-deferral} property.
     *
     * @return its value
     */
    public @Nullable Duration getMaxDeferral() {
      return maxDeferral;
    }

    /**
     * Sets the {@code max-deferral} property.
     *
     * @param maxDeferral the new value
     */
    public void setMaxDeferral(@Nullable Duration maxDeferral) {
      this.maxDeferral = maxDeferral;
    }
  }

  /** Which calls count as missed. */
  public static class Rules {
    /** Creates the defaults, before Spring binds the properties. */
    public Rules() {}

    /** Call outcomes that count as missed (default no-answer, busy, canceled, failed and voicemail, as in core). */
    private @Nullable Set<CallOutcome> countedOutcomes;
    /** A canceled call counts only when it rang at least this long. */
    private @Nullable Duration minRingForCanceled;
    /** Line types never texted (default toll-free, premium and the like as the core sets). */
    private @Nullable Set<LineType> untextableLineTypes;

    /**
     * The {@code counted-outcomes} property.
     *
     * @return its value
     */
    public @Nullable Set<CallOutcome> getCountedOutcomes() {
      return countedOutcomes;
    }

    /**
     * Sets the {@code counted-outcomes} property.
     *
     * @param countedOutcomes the new value
     */
    public void setCountedOutcomes(@Nullable Set<CallOutcome> countedOutcomes) {
      this.countedOutcomes = countedOutcomes;
    }

    /**
     * The {@code min-ring-for-canceled} property.
     *
     * @return its value
     */
    public @Nullable Duration getMinRingForCanceled() {
      return minRingForCanceled;
    }

    /**
     * Sets the {@code min-ring-for-canceled} property.
     *
     * @param minRingForCanceled the new value
     */
    public void setMinRingForCanceled(@Nullable Duration minRingForCanceled) {
      this.minRingForCanceled = minRingForCanceled;
    }

    /**
     * The {@code untextable-line-types} property.
     *
     * @return its value
     */
    public @Nullable Set<LineType> getUntextableLineTypes() {
      return untextableLineTypes;
    }

    /**
     * Sets the {@code untextable-line-types} property.
     *
     * @param untextableLineTypes the new value
     */
    public void setUntextableLineTypes(@Nullable Set<LineType> untextableLineTypes) {
      this.untextableLineTypes = untextableLineTypes;
    }
  }

  /** Retries of sends that failed transiently (and of replies the CRM did not take). */
  public static class Retry {
    /** Creates the defaults, before Spring binds the properties. */
    public Retry() {}

    /** Attempts in one burst. */
    private int maxAttempts = 4;
    /** Wait before the second attempt. */
    private Duration initialInterval = Duration.ofSeconds(2);
    /** Factor each further wait grows by. */
    private double multiplier = 2.0;
    /** Random spread of each wait, from 0 (none) to below 1. */
    private double randomization = 0.5;
    /** Wait before another burst once a burst runs out. */
    private Duration later = Duration.ofMinutes(5);

    /**
     * The {@code max-attempts} property.
     *
     * @return its value
     */
    public int getMaxAttempts() {
      return maxAttempts;
    }

    /**
     * Sets the {@code max-attempts} property.
     *
     * @param maxAttempts the new value
     */
    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /**
     * The {@code initial-interval} property.
     *
     * @return its value
     */
    public Duration getInitialInterval() {
      return initialInterval;
    }

    /**
     * Sets the {@code initial-interval} property.
     *
     * @param initialInterval the new value
     */
    public void setInitialInterval(Duration initialInterval) {
      this.initialInterval = initialInterval;
    }

    /**
     * The {@code multiplier} property.
     *
     * @return its value
     */
    public double getMultiplier() {
      return multiplier;
    }

    /**
     * Sets the {@code multiplier} property.
     *
     * @param multiplier the new value
     */
    public void setMultiplier(double multiplier) {
      this.multiplier = multiplier;
    }

    /**
     * The {@code randomization} property.
     *
     * @return its value
     */
    public double getRandomization() {
      return randomization;
    }

    /**
     * Sets the {@code randomization} property.
     *
     * @param randomization the new value
     */
    public void setRandomization(double randomization) {
      this.randomization = randomization;
    }

    /**
     * The {@code later} property.
     *
     * @return its value
     */
    public Duration getLater() {
      return later;
    }

    /**
     * Sets the {@code later} property.
     *
     * @param later the new value
     */
    public void setLater(Duration later) {
      this.later = later;
    }
  }

  /** The background sender. */
  public static class Dispatcher {
    /** Creates the defaults, before Spring binds the properties. */
    public Dispatcher() {}

    /** How often it looks for due work when nothing wakes it. */
    private Duration pollInterval = Duration.ofSeconds(1);
    /** How long shutdown waits for sends in flight. */
    private Duration drainTimeout = Duration.ofSeconds(30);
    /** How long a claim on an outbox entry lasts; longer than the slowest send. */
    private Duration lease = Duration.ofMinutes(2);
    /** Texts sent at once. */
    private int sendConcurrency = 4;

    /**
     * The {@code poll-interval} property.
     *
     * @return its value
     */
    public Duration getPollInterval() {
      return pollInterval;
    }

    /**
     * Sets the {@code poll-interval} property.
     *
     * @param pollInterval the new value
     */
    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }

    /**
     * The {@code drain-timeout} property.
     *
     * @return its value
     */
    public Duration getDrainTimeout() {
      return drainTimeout;
    }

    /**
     * Sets the {@code drain-timeout} property.
     *
     * @param drainTimeout the new value
     */
    public void setDrainTimeout(Duration drainTimeout) {
      this.drainTimeout = drainTimeout;
    }

    /**
     * The {@code lease} property.
     *
     * @return its value
     */
    public Duration getLease() {
      return lease;
    }

    /**
     * Sets the {@code lease} property.
     *
     * @param lease the new value
     */
    public void setLease(Duration lease) {
      this.lease = lease;
    }

    /**
     * The {@code send-concurrency} property.
     *
     * @return its value
     */
    public int getSendConcurrency() {
      return sendConcurrency;
    }

    /**
     * Sets the {@code send-concurrency} property.
     *
     * @param sendConcurrency the new value
     */
    public void setSendConcurrency(int sendConcurrency) {
      this.sendConcurrency = sendConcurrency;
    }
  }

  /** Where textback keeps its state. */
  public static class Store {
    /** Creates the defaults, before Spring binds the properties. */
    public Store() {}

    /**
     * Whether to create or update textback's tables on the application's DataSource at start. Turn off when a
     * migration tool owns the schema (the scripts are in textback-jdbc under dev/textback/jdbc/).
     */
    private boolean migrate = true;

    /**
     * The {@code migrate} property.
     *
     * @return its value
     */
    public boolean isMigrate() {
      return migrate;
    }

    /**
     * Sets the {@code migrate} property.
     *
     * @param migrate the new value
     */
    public void setMigrate(boolean migrate) {
      this.migrate = migrate;
    }
  }

  /** Where callers' replies go, unless the application defines its own ReplyRouter bean. */
  public static class Replies {
    /** Creates the defaults, before Spring binds the properties. */
    public Replies() {}

    /** URL that receives each reply as signed JSON (a CRM or helpdesk endpoint). */
    private @Nullable String crmWebhookUrl;
    /** Secret the reply posts are signed with; required with the URL. */
    private @Nullable String crmWebhookSecret;

    /**
     * The {@code crm-webhook-url} property.
     *
     * @return its value
     */
    public @Nullable String getCrmWebhookUrl() {
      return crmWebhookUrl;
    }

    /**
     * Sets the {@code crm-webhook-url} property.
     *
     * @param crmWebhookUrl the new value
     */
    public void setCrmWebhookUrl(@Nullable String crmWebhookUrl) {
      this.crmWebhookUrl = crmWebhookUrl;
    }

    /**
     * The {@code crm-webhook-secret} property.
     *
     * @return its value
     */
    public @Nullable String getCrmWebhookSecret() {
      return crmWebhookSecret;
    }

    /**
     * Sets the {@code crm-webhook-secret} property.
     *
     * @param crmWebhookSecret the new value
     */
    public void setCrmWebhookSecret(@Nullable String crmWebhookSecret) {
      this.crmWebhookSecret = crmWebhookSecret;
    }
  }

  /** The carrier webhook routes under /webhooks/{carrier}/. */
  public static class Webhooks {
    /** Creates the defaults, before Spring binds the properties. */
    public Webhooks() {}

    /** Whether to mount the routes in Spring MVC. */
    private boolean enabled = true;
    /**
     * The application's public URL as carriers call it (e.g. https://crm.example.com), used for signature checks.
     * When unset, the URL comes from the request and the forwarded headers of a proxy in front.
     */
    private @Nullable String publicBaseUrl;
    /**
     * Whether to read the public URL from Forwarded and X-Forwarded-* headers. Turn off when clients can reach the
     * application without passing the proxy that sets them.
     */
    private boolean trustForwardedHeaders = true;
    /**
     * Largest webhook body accepted, 1 byte to 16 MiB; larger ones are refused with 413. Each carrier's webhooks
     * also refuse a body over their own limit (64 KiB).
     */
    private int maxBodyBytes = 256 * 1024;

    /**
     * The {@code enabled} property.
     *
     * @return its value
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets the {@code enabled} property.
     *
     * @param enabled the new value
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The {@code public-base-url} property.
     *
     * @return its value
     */
    public @Nullable String getPublicBaseUrl() {
      return publicBaseUrl;
    }

    /**
     * Sets the {@code public-base-url} property.
     *
     * @param publicBaseUrl the new value
     */
    public void setPublicBaseUrl(@Nullable String publicBaseUrl) {
      this.publicBaseUrl = publicBaseUrl;
    }

    /**
     * The {@code trust-forwarded-headers} property.
     *
     * @return its value
     */
    public boolean isTrustForwardedHeaders() {
      return trustForwardedHeaders;
    }

    /**
     * Sets the {@code trust-forwarded-headers} property.
     *
     * @param trustForwardedHeaders the new value
     */
    public void setTrustForwardedHeaders(boolean trustForwardedHeaders) {
      this.trustForwardedHeaders = trustForwardedHeaders;
    }

    /**
     * The {@code max-body-bytes} property.
     *
     * @return its value
     */
    public int getMaxBodyBytes() {
      return maxBodyBytes;
    }

    /**
     * Sets the {@code max-body-bytes} property.
     *
     * @param maxBodyBytes the new value
     */
    public void setMaxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
    }
  }

  /** The Actuator health indicator. */
  public static class Health {
    /** Creates the defaults, before Spring binds the properties. */
    public Health() {}

    /** A due outbox entry waiting longer than this makes the indicator DOWN: sends are stuck. */
    private Duration maxDueAge = Duration.ofMinutes(15);

    /**
     * The {@code max-due-age} property.
     *
     * @return its value
     */
    public Duration getMaxDueAge() {
      return maxDueAge;
    }

    /**
     * Sets the {@code max-due-age} property.
     *
     * @param maxDueAge the new value
     */
    public void setMaxDueAge(Duration maxDueAge) {
      this.maxDueAge = maxDueAge;
    }
  }
}
