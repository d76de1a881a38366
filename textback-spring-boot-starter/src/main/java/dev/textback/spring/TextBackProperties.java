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

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public @Nullable String getInstanceId() {
    return instanceId;
  }

  public void setInstanceId(@Nullable String instanceId) {
    this.instanceId = instanceId;
  }

  public List<Business> getBusinesses() {
    return businesses;
  }

  public void setBusinesses(List<Business> businesses) {
    this.businesses = businesses;
  }

  public Rules getRules() {
    return rules;
  }

  public Retry getRetry() {
    return retry;
  }

  public Dispatcher getDispatcher() {
    return dispatcher;
  }

  public Store getStore() {
    return store;
  }

  public Replies getReplies() {
    return replies;
  }

  public Webhooks getWebhooks() {
    return webhooks;
  }

  public Health getHealth() {
    return health;
  }

  /** One business: its numbers, hours, texts and policies. */
  public static class Business {
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

    public @Nullable String getId() {
      return id;
    }

    public void setId(@Nullable String id) {
      this.id = id;
    }

    public @Nullable String getName() {
      return name;
    }

    public void setName(@Nullable String name) {
      this.name = name;
    }

    public String getRegion() {
      return region;
    }

    public void setRegion(String region) {
      this.region = region;
    }

    public @Nullable String getTimeZone() {
      return timeZone;
    }

    public void setTimeZone(@Nullable String timeZone) {
      this.timeZone = timeZone;
    }

    public List<Number> getNumbers() {
      return numbers;
    }

    public void setNumbers(List<Number> numbers) {
      this.numbers = numbers;
    }

    public Map<DayOfWeek, String> getHours() {
      return hours;
    }

    public void setHours(Map<DayOfWeek, String> hours) {
      this.hours = hours;
    }

    public String getLanguage() {
      return language;
    }

    public void setLanguage(String language) {
      this.language = language;
    }

    public Map<Situation, String> getTemplates() {
      return templates;
    }

    public void setTemplates(Map<Situation, String> templates) {
      this.templates = templates;
    }

    public Map<String, Map<Situation, String>> getTranslations() {
      return translations;
    }

    public void setTranslations(Map<String, Map<Situation, String>> translations) {
      this.translations = translations;
    }

    public @Nullable String getBookingLink() {
      return bookingLink;
    }

    public void setBookingLink(@Nullable String bookingLink) {
      this.bookingLink = bookingLink;
    }

    public @Nullable String getHelpText() {
      return helpText;
    }

    public void setHelpText(@Nullable String helpText) {
      this.helpText = helpText;
    }

    public @Nullable String getOwnerPhone() {
      return ownerPhone;
    }

    public void setOwnerPhone(@Nullable String ownerPhone) {
      this.ownerPhone = ownerPhone;
    }

    public @Nullable Duration getCooldown() {
      return cooldown;
    }

    public void setCooldown(@Nullable Duration cooldown) {
      this.cooldown = cooldown;
    }

    public @Nullable Duration getSendDelay() {
      return sendDelay;
    }

    public void setSendDelay(@Nullable Duration sendDelay) {
      this.sendDelay = sendDelay;
    }

    public @Nullable Duration getEscalateAfter() {
      return escalateAfter;
    }

    public void setEscalateAfter(@Nullable Duration escalateAfter) {
      this.escalateAfter = escalateAfter;
    }

    public @Nullable BigDecimal getAverageJobValue() {
      return averageJobValue;
    }

    public void setAverageJobValue(@Nullable BigDecimal averageJobValue) {
      this.averageJobValue = averageJobValue;
    }

    public @Nullable OptOutScope getOptOutScope() {
      return optOutScope;
    }

    public void setOptOutScope(@Nullable OptOutScope optOutScope) {
      this.optOutScope = optOutScope;
    }

    public List<String> getIgnore() {
      return ignore;
    }

    public void setIgnore(List<String> ignore) {
      this.ignore = ignore;
    }

    public QuietHours getQuietHours() {
      return quietHours;
    }
  }

  /** One number of a business. */
  public static class Number {
    /** The number callers dial, E.164 or national in the business's region. */
    private @Nullable String number;
    /** Where the carrier forwards calls to this number before they count as missed (the business's real phone). */
    private @Nullable String forwardTo;
    /** Name of the location this number serves, for texts and the CRM. */
    private @Nullable String location;

    public @Nullable String getNumber() {
      return number;
    }

    public void setNumber(@Nullable String number) {
      this.number = number;
    }

    public @Nullable String getForwardTo() {
      return forwardTo;
    }

    public void setForwardTo(@Nullable String forwardTo) {
      this.forwardTo = forwardTo;
    }

    public @Nullable String getLocation() {
      return location;
    }

    public void setLocation(@Nullable String location) {
      this.location = location;
    }
  }

  /** When texts may go out, in the caller's local time. */
  public static class QuietHours {
    /** Start of the window in which texts may go out, e.g. 08:00. */
    private @Nullable String sendFrom;
    /** End of that window, e.g. 21:00. */
    private @Nullable String sendUntil;
    /** What to do with a text outside the window: defer, suppress or send. */
    private @Nullable QuietHoursMode mode;
    /** The longest a text may be deferred before it is dropped. */
    private @Nullable Duration maxDeferral;

    public @Nullable String getSendFrom() {
      return sendFrom;
    }

    public void setSendFrom(@Nullable String sendFrom) {
      this.sendFrom = sendFrom;
    }

    public @Nullable String getSendUntil() {
      return sendUntil;
    }

    public void setSendUntil(@Nullable String sendUntil) {
      this.sendUntil = sendUntil;
    }

    public @Nullable QuietHoursMode getMode() {
      return mode;
    }

    public void setMode(@Nullable QuietHoursMode mode) {
      this.mode = mode;
    }

    public @Nullable Duration getMaxDeferral() {
      return maxDeferral;
    }

    public void setMaxDeferral(@Nullable Duration maxDeferral) {
      this.maxDeferral = maxDeferral;
    }
  }

  /** Which calls count as missed. */
  public static class Rules {
    /** Call outcomes that count as missed (default no-answer, busy, rejected, canceled, failed as the core sets). */
    private @Nullable Set<CallOutcome> countedOutcomes;
    /** A canceled call counts only when it rang at least this long. */
    private @Nullable Duration minRingForCanceled;
    /** Line types never texted (default toll-free, premium and the like as the core sets). */
    private @Nullable Set<LineType> untextableLineTypes;

    public @Nullable Set<CallOutcome> getCountedOutcomes() {
      return countedOutcomes;
    }

    public void setCountedOutcomes(@Nullable Set<CallOutcome> countedOutcomes) {
      this.countedOutcomes = countedOutcomes;
    }

    public @Nullable Duration getMinRingForCanceled() {
      return minRingForCanceled;
    }

    public void setMinRingForCanceled(@Nullable Duration minRingForCanceled) {
      this.minRingForCanceled = minRingForCanceled;
    }

    public @Nullable Set<LineType> getUntextableLineTypes() {
      return untextableLineTypes;
    }

    public void setUntextableLineTypes(@Nullable Set<LineType> untextableLineTypes) {
      this.untextableLineTypes = untextableLineTypes;
    }
  }

  /** Retries of sends that failed transiently (and of replies the CRM did not take). */
  public static class Retry {
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

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getInitialInterval() {
      return initialInterval;
    }

    public void setInitialInterval(Duration initialInterval) {
      this.initialInterval = initialInterval;
    }

    public double getMultiplier() {
      return multiplier;
    }

    public void setMultiplier(double multiplier) {
      this.multiplier = multiplier;
    }

    public double getRandomization() {
      return randomization;
    }

    public void setRandomization(double randomization) {
      this.randomization = randomization;
    }

    public Duration getLater() {
      return later;
    }

    public void setLater(Duration later) {
      this.later = later;
    }
  }

  /** The background sender. */
  public static class Dispatcher {
    /** How often it looks for due work when nothing wakes it. */
    private Duration pollInterval = Duration.ofSeconds(1);
    /** How long shutdown waits for sends in flight. */
    private Duration drainTimeout = Duration.ofSeconds(30);
    /** How long a claim on an outbox entry lasts; longer than the slowest send. */
    private Duration lease = Duration.ofMinutes(2);
    /** Texts sent at once. */
    private int sendConcurrency = 4;

    public Duration getPollInterval() {
      return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }

    public Duration getDrainTimeout() {
      return drainTimeout;
    }

    public void setDrainTimeout(Duration drainTimeout) {
      this.drainTimeout = drainTimeout;
    }

    public Duration getLease() {
      return lease;
    }

    public void setLease(Duration lease) {
      this.lease = lease;
    }

    public int getSendConcurrency() {
      return sendConcurrency;
    }

    public void setSendConcurrency(int sendConcurrency) {
      this.sendConcurrency = sendConcurrency;
    }
  }

  /** Where textback keeps its state. */
  public static class Store {
    /**
     * Whether to create or update textback's tables on the application's DataSource at start. Turn off when a
     * migration tool owns the schema (the scripts are in textback-jdbc under dev/textback/jdbc/).
     */
    private boolean migrate = true;

    public boolean isMigrate() {
      return migrate;
    }

    public void setMigrate(boolean migrate) {
      this.migrate = migrate;
    }
  }

  /** Where callers' replies go, unless the application defines its own ReplyRouter bean. */
  public static class Replies {
    /** URL that receives each reply as signed JSON (a CRM or helpdesk endpoint). */
    private @Nullable String crmWebhookUrl;
    /** Secret the reply posts are signed with; required with the URL. */
    private @Nullable String crmWebhookSecret;

    public @Nullable String getCrmWebhookUrl() {
      return crmWebhookUrl;
    }

    public void setCrmWebhookUrl(@Nullable String crmWebhookUrl) {
      this.crmWebhookUrl = crmWebhookUrl;
    }

    public @Nullable String getCrmWebhookSecret() {
      return crmWebhookSecret;
    }

    public void setCrmWebhookSecret(@Nullable String crmWebhookSecret) {
      this.crmWebhookSecret = crmWebhookSecret;
    }
  }

  /** The carrier webhook routes under /webhooks/{carrier}/. */
  public static class Webhooks {
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
    /** Largest webhook body accepted; larger ones are refused with 413. */
    private int maxBodyBytes = 256 * 1024;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public @Nullable String getPublicBaseUrl() {
      return publicBaseUrl;
    }

    public void setPublicBaseUrl(@Nullable String publicBaseUrl) {
      this.publicBaseUrl = publicBaseUrl;
    }

    public boolean isTrustForwardedHeaders() {
      return trustForwardedHeaders;
    }

    public void setTrustForwardedHeaders(boolean trustForwardedHeaders) {
      this.trustForwardedHeaders = trustForwardedHeaders;
    }

    public int getMaxBodyBytes() {
      return maxBodyBytes;
    }

    public void setMaxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
    }
  }

  /** The Actuator health indicator. */
  public static class Health {
    /** A due outbox entry waiting longer than this makes the indicator DOWN: sends are stuck. */
    private Duration maxDueAge = Duration.ofMinutes(15);

    public Duration getMaxDueAge() {
      return maxDueAge;
    }

    public void setMaxDueAge(Duration maxDueAge) {
      this.maxDueAge = maxDueAge;
    }
  }
}
