package dev.textback.business;

import dev.textback.phone.PhoneNumber;
import dev.textback.phone.PhoneNumbers;
import dev.textback.policy.OptOutScope;
import dev.textback.policy.QuietHoursPolicy;
import dev.textback.template.MessageTemplates;
import dev.textback.template.SegmentReport;
import dev.textback.template.SmsSegments;
import dev.textback.template.Template;
import dev.textback.template.TemplateValues;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A business line: its numbers, name, zone, hours, templates and policies. Validated when built (templates,
 * numbers, durations), so a misconfiguration fails at start-up. Immutable and thread-safe.
 */
public final class BusinessProfile {
  private static final Logger log = LoggerFactory.getLogger(BusinessProfile.class);

  /** Default help reply; names the business, a way to reach it and how to stop. */
  public static final String DEFAULT_HELP_TEXT =
      "{business}: reply here or call {business_phone}. Msg&data rates may apply. Reply STOP to opt out.";

  private final String id;
  private final String displayName;
  private final List<BusinessNumber> numbers;
  private final String defaultRegion;
  private final ZoneId zone;
  private final OpeningHours openingHours;
  private final @Nullable String bookingLink;
  private final MessageTemplates templates;
  private final String helpText;
  private final @Nullable String optOutConfirmation;
  private final Duration cooldown;
  private final QuietHoursPolicy quietHours;
  private final OptOutScope optOutScope;
  private final Set<PhoneNumber> ignoreList;
  private final @Nullable PhoneNumber ownerPhone;
  private final BigDecimal averageJobValue;
  private final Duration sendDelay;
  private final Duration escalateAfter;

  private BusinessProfile(Builder b) {
    List<String> problems = new ArrayList<>();
    this.id = b.id;
    this.displayName = b.displayName;
    if (id == null || id.isBlank()) problems.add("id is required");
    if (displayName == null || displayName.isBlank()) problems.add("displayName is required");
    this.numbers = List.copyOf(b.numbers);
    if (numbers.isEmpty()) problems.add("at least one number is required");
    this.defaultRegion = b.defaultRegion;
    this.zone = b.zone;
    this.openingHours = b.openingHours;
    this.bookingLink = b.bookingLink;
    this.templates = b.templates == null ? MessageTemplates.defaults() : b.templates;
    this.helpText = b.helpText;
    this.optOutConfirmation = b.optOutConfirmation;
    this.cooldown = b.cooldown;
    if (cooldown.isNegative()) problems.add("cooldown must not be negative");
    this.quietHours = b.quietHours;
    this.optOutScope = b.optOutScope;
    this.ignoreList = Set.copyOf(b.ignoreList);
    this.ownerPhone = b.ownerPhone;
    this.averageJobValue = b.averageJobValue;
    if (averageJobValue.signum() < 0) problems.add("averageJobValue must not be negative");
    this.sendDelay = b.sendDelay;
    if (sendDelay.isNegative()) problems.add("sendDelay must not be negative");
    this.escalateAfter = b.escalateAfter;
    if (escalateAfter.isNegative() || escalateAfter.isZero()) problems.add("escalateAfter must be positive");
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("business " + id + ": " + String.join("; ", problems));
    }
    MessageTemplates.validateText("business " + id + ": helpText", helpText);
    if (optOutConfirmation != null) {
      MessageTemplates.validateText("business " + id + ": optOutConfirmation", optOutConfirmation);
    }
    warnAboutLongTemplates();
  }

  private void warnAboutLongTemplates() {
    TemplateValues sample = sampleValues(numbers.get(0));
    for (Template t : templates.all()) {
      SegmentReport report = SmsSegments.analyze(t.render(sample));
      if (report.segments() > 2) {
        log.warn("business {}: template {} renders to {} SMS segments ({}); keep text-backs short",
            id, t.name(), report.segments(), report.encoding());
      }
    }
  }

  private TemplateValues sampleValues(BusinessNumber number) {
    return TemplateValues.builder()
        .put("business", displayName)
        .put("business_phone", number.number().e164())
        .put("booking_link", bookingLink)
        .put("location", number.location())
        .put("caller_name", "Alexandra")
        .put("call_time", "12:00 PM")
        .put("next_open", "Monday 8:00 AM")
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Stable identifier used as the key in stores and stats. */
  public String id() {
    return id;
  }

  /** The name texts use for {@code {business}}. */
  public String displayName() {
    return displayName;
  }

  public List<BusinessNumber> numbers() {
    return numbers;
  }

  /** The configured number matching {@code dialled}, if it is one of this business's. */
  public Optional<BusinessNumber> number(PhoneNumber dialled) {
    // A loop rather than a stream: every call asks this twice (the rules and the template's location).
    for (BusinessNumber n : numbers) {
      if (n.number().equals(dialled)) return Optional.of(n);
    }
    return Optional.empty();
  }

  /** ISO 3166 region for numbers written without a country code. */
  public String defaultRegion() {
    return defaultRegion;
  }

  public ZoneId zone() {
    return zone;
  }

  public OpeningHours openingHours() {
    return openingHours;
  }

  public Optional<String> bookingLink() {
    return Optional.ofNullable(bookingLink);
  }

  public String defaultLanguage() {
    return templates.defaultLanguage();
  }

  public MessageTemplates templates() {
    return templates;
  }

  /** Reply to HELP/INFO, with placeholders. */
  public String helpText() {
    return helpText;
  }

  /**
   * Confirmation sent after an opt-out. Empty by default because the major carriers already send one at
   * network level, and a second one would exceed the single confirmation the FCC allows.
   */
  public Optional<String> optOutConfirmation() {
    return Optional.ofNullable(optOutConfirmation);
  }

  /** Calls from one caller within this window of the first share one text (default 24 h). */
  public Duration cooldown() {
    return cooldown;
  }

  public QuietHoursPolicy quietHours() {
    return quietHours;
  }

  public OptOutScope optOutScope() {
    return optOutScope;
  }

  /** Callers never texted: staff, internal lines, known spam. */
  public Set<PhoneNumber> ignoreList() {
    return ignoreList;
  }

  /** The owner's mobile, for forwarded replies and escalations. */
  public Optional<PhoneNumber> ownerPhone() {
    return Optional.ofNullable(ownerPhone);
  }

  /** Average value of a job, for the "revenue recovered" estimate (default 0). */
  public BigDecimal averageJobValue() {
    return averageJobValue;
  }

  /**
   * How long to hold a text-back before sending (default 0). Inside it the text is cancelled when the
   * caller's next call is answered or the business reaches the caller first.
   */
  public Duration sendDelay() {
    return sendDelay;
  }

  /** How long a caller's reply may wait unanswered before escalation (default 10 minutes). */
  public Duration escalateAfter() {
    return escalateAfter;
  }

  @Override
  public String toString() {
    return "BusinessProfile[" + id + " \"" + displayName + "\", " + numbers.size() + " number(s)]";
  }

  /** Builds a {@link BusinessProfile}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable String displayName;
    private final List<BusinessNumber> numbers = new ArrayList<>();
    private String defaultRegion = "US";
    private ZoneId zone = ZoneId.of("America/New_York");
    private OpeningHours openingHours = OpeningHours.always();
    private @Nullable String bookingLink;
    private @Nullable MessageTemplates templates;
    private String helpText = DEFAULT_HELP_TEXT;
    private @Nullable String optOutConfirmation;
    private Duration cooldown = Duration.ofHours(24);
    private QuietHoursPolicy quietHours = QuietHoursPolicy.defaults();
    private OptOutScope optOutScope = OptOutScope.BUSINESS;
    private final Set<PhoneNumber> ignoreList = new LinkedHashSet<>();
    private @Nullable PhoneNumber ownerPhone;
    private BigDecimal averageJobValue = BigDecimal.ZERO;
    private Duration sendDelay = Duration.ZERO;
    private Duration escalateAfter = Duration.ofMinutes(10);

    private Builder() {}

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder displayName(String displayName) {
      this.displayName = displayName;
      return this;
    }

    /** Adds a number, given in E.164 or national form (read against the default region). */
    public Builder number(String number) {
      return number(BusinessNumber.of(phone(number, "number")));
    }

    public Builder number(BusinessNumber number) {
      numbers.add(Objects.requireNonNull(number, "number == null"));
      return this;
    }

    public Builder defaultRegion(String region) {
      this.defaultRegion = Objects.requireNonNull(region, "region == null");
      return this;
    }

    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone == null");
      return this;
    }

    public Builder openingHours(OpeningHours hours) {
      this.openingHours = Objects.requireNonNull(hours, "hours == null");
      return this;
    }

    /** The booking link for {@code {booking_link}}; null for none (the default). */
    public Builder bookingLink(@Nullable String link) {
      this.bookingLink = link;
      return this;
    }

    public Builder templates(MessageTemplates templates) {
      this.templates = Objects.requireNonNull(templates, "templates == null");
      return this;
    }

    public Builder helpText(String text) {
      this.helpText = Objects.requireNonNull(text, "text == null");
      return this;
    }

    /** Sets the opt-out confirmation; null sends none (the default). */
    public Builder optOutConfirmation(@Nullable String text) {
      this.optOutConfirmation = text;
      return this;
    }

    public Builder cooldown(Duration cooldown) {
      this.cooldown = Objects.requireNonNull(cooldown, "cooldown == null");
      return this;
    }

    public Builder quietHours(QuietHoursPolicy policy) {
      this.quietHours = Objects.requireNonNull(policy, "policy == null");
      return this;
    }

    public Builder optOutScope(OptOutScope scope) {
      this.optOutScope = Objects.requireNonNull(scope, "scope == null");
      return this;
    }

    /** Adds callers never to text (E.164 or national form). */
    public Builder ignore(String... callers) {
      for (String c : callers) ignoreList.add(phone(c, "ignore"));
      return this;
    }

    /** The owner's mobile, for forwards and escalations (E.164 or national form); null for none (the default). */
    public Builder ownerPhone(@Nullable String phone) {
      this.ownerPhone = phone == null ? null : phone(phone, "ownerPhone");
      return this;
    }

    public Builder averageJobValue(BigDecimal value) {
      this.averageJobValue = Objects.requireNonNull(value, "value == null");
      return this;
    }

    public Builder sendDelay(Duration delay) {
      this.sendDelay = Objects.requireNonNull(delay, "delay == null");
      return this;
    }

    public Builder escalateAfter(Duration after) {
      this.escalateAfter = Objects.requireNonNull(after, "after == null");
      return this;
    }

    /** Parses a number for a field, naming the field when it is not a usable number. */
    private PhoneNumber phone(String raw, String field) {
      Objects.requireNonNull(raw, field + " == null");
      try {
        return PhoneNumbers.require(raw, defaultRegion);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
      }
    }

    /** @throws IllegalArgumentException listing every problem found */
    public BusinessProfile build() {
      return new BusinessProfile(this);
    }
  }
}
