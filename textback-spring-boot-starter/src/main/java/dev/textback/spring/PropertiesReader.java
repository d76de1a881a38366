package dev.textback.spring;

import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessNumber;
import dev.textback.business.BusinessProfile;
import dev.textback.business.OpeningHours;
import dev.textback.phone.PhoneNumber;
import dev.textback.phone.PhoneNumbers;
import dev.textback.policy.QuietHoursPolicy;
import dev.textback.rules.MissedCallRules;
import dev.textback.spi.RetriableSendException;
import dev.textback.template.MessageTemplates;
import dev.textback.template.Situation;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@link TextBackProperties} into the engine's parts, collecting every problem with the property that causes
 * it ({@code textback.businesses[0].numbers[1].number: ...}) so one start reports them all.
 */
final class PropertiesReader {
  private final List<String> problems = new ArrayList<>();

  /** Problems found so far, each starting with the property at fault. */
  List<String> problems() {
    return problems;
  }

  /** Throws when any problem was found. */
  void throwIfProblems() {
    if (!problems.isEmpty()) throw new TextBackPropertiesException(problems);
  }

  BusinessDirectory businesses(List<TextBackProperties.Business> businesses) {
    List<BusinessProfile> profiles = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < businesses.size(); i++) {
      String at = "textback.businesses[" + i + "]";
      BusinessProfile profile = business(businesses.get(i), at);
      if (profile == null) continue;
      if (!ids.add(profile.id())) problems.add(at + ".id: '" + profile.id() + "' is used by an earlier business");
      profiles.add(profile);
    }
    if (!problems.isEmpty()) return BusinessDirectory.of(List.of());
    try {
      return BusinessDirectory.of(profiles);
    } catch (IllegalArgumentException e) {
      problems.add("textback.businesses: " + e.getMessage());
      return BusinessDirectory.of(List.of());
    }
  }

  private @Nullable BusinessProfile business(TextBackProperties.Business p, String at) {
    int before = problems.size();
    BusinessProfile.Builder b = BusinessProfile.builder();
    if (blank(p.getId())) problems.add(at + ".id: required (a stable id such as 'acme-plumbing')");
    else b.id(p.getId());
    if (blank(p.getName())) problems.add(at + ".name: required (shown in texts as {business})");
    else b.displayName(p.getName());
    String region = p.getRegion().toUpperCase(Locale.ROOT);
    b.defaultRegion(region);
    if (!blank(p.getTimeZone())) {
      try {
        b.zone(ZoneId.of(p.getTimeZone()));
      } catch (DateTimeException e) {
        problems.add(at + ".time-zone: unknown time zone '" + p.getTimeZone() + "' (use e.g. America/Denver)");
      }
    }
    if (p.getNumbers().isEmpty()) problems.add(at + ".numbers: at least one number is required");
    for (int i = 0; i < p.getNumbers().size(); i++) {
      String nat = at + ".numbers[" + i + "]";
      TextBackProperties.Number n = p.getNumbers().get(i);
      PhoneNumber number = phone(n.getNumber(), nat + ".number", region, true);
      PhoneNumber forwardTo = phone(n.getForwardTo(), nat + ".forward-to", region, false);
      if (number != null && number.equals(forwardTo)) {
        problems.add(nat + ".forward-to: is the number itself; the call would ring itself");
      } else if (number != null) {
        b.number(new BusinessNumber(number, blank(n.getLocation()) ? null : n.getLocation(), forwardTo));
      }
    }
    if (!p.getHours().isEmpty()) b.openingHours(hours(p.getHours(), at + ".hours"));
    MessageTemplates templates = templates(p, at);
    if (templates != null) b.templates(templates);
    if (!blank(p.getBookingLink())) b.bookingLink(p.getBookingLink());
    if (!blank(p.getHelpText())) b.helpText(p.getHelpText());
    PhoneNumber owner = phone(p.getOwnerPhone(), at + ".owner-phone", region, false);
    if (owner != null) b.ownerPhone(owner.e164());
    if (p.getCooldown() != null) b.cooldown(notNegative(p.getCooldown(), at + ".cooldown"));
    if (p.getSendDelay() != null) b.sendDelay(notNegative(p.getSendDelay(), at + ".send-delay"));
    if (p.getEscalateAfter() != null) b.escalateAfter(notNegative(p.getEscalateAfter(), at + ".escalate-after"));
    if (p.getAverageJobValue() != null) {
      if (p.getAverageJobValue().signum() < 0) problems.add(at + ".average-job-value: must not be negative");
      else b.averageJobValue(p.getAverageJobValue());
    }
    if (p.getOptOutScope() != null) b.optOutScope(p.getOptOutScope());
    for (int i = 0; i < p.getIgnore().size(); i++) {
      PhoneNumber ignored = phone(p.getIgnore().get(i), at + ".ignore[" + i + "]", region, true);
      if (ignored != null) b.ignore(ignored.e164());
    }
    QuietHoursPolicy quiet = quietHours(p.getQuietHours(), at + ".quiet-hours");
    if (quiet != null) b.quietHours(quiet);
    if (problems.size() > before) return null;
    return attempt(at, b::build);
  }

  private @Nullable MessageTemplates templates(TextBackProperties.Business p, String at) {
    if (p.getTemplates().isEmpty() && p.getTranslations().isEmpty()) return null;
    MessageTemplates.Builder t = MessageTemplates.builder(p.getLanguage());
    p.getTemplates().forEach((situation, text) -> t.add(situation, p.getLanguage(), text));
    for (Map.Entry<String, Map<Situation, String>> language : p.getTranslations().entrySet()) {
      language.getValue().forEach((situation, text) -> t.add(situation, language.getKey(), text));
    }
    return attempt(at + ".templates", t::build);
  }

  private OpeningHours hours(Map<DayOfWeek, String> hours, String at) {
    OpeningHours.Builder b = OpeningHours.builder();
    hours.forEach((day, spec) -> {
      String where = at + "." + day.name().toLowerCase(Locale.ROOT);
      String s = spec == null ? "" : spec.trim();
      if (s.equalsIgnoreCase("closed")) {
        b.closed(day);
        return;
      }
      String[] parts = s.split("-", 2);
      LocalTime open = parts.length == 2 ? time(parts[0].trim(), where) : null;
      LocalTime close = parts.length == 2 ? time(parts[1].trim(), where) : null;
      if (parts.length != 2) {
        problems.add(where + ": '" + s + "' is not a span like 08:00-17:00 or 'closed'");
      } else if (open != null && close != null) {
        try {
          b.open(day, open, close);
        } catch (IllegalArgumentException e) {
          problems.add(where + ": " + e.getMessage());
        }
      }
    });
    return b.build();
  }

  private @Nullable QuietHoursPolicy quietHours(TextBackProperties.QuietHours q, String at) {
    if (q.getSendFrom() == null && q.getSendUntil() == null && q.getMode() == null && q.getMaxDeferral() == null) {
      return null;
    }
    QuietHoursPolicy.Builder b = QuietHoursPolicy.builder();
    if (q.getSendFrom() != null || q.getSendUntil() != null) {
      LocalTime from = time(q.getSendFrom() == null ? "08:00" : q.getSendFrom(), at + ".send-from");
      LocalTime until = time(q.getSendUntil() == null ? "21:00" : q.getSendUntil(), at + ".send-until");
      if (from != null && until != null) attempt(at, () -> b.window(from, until));
    }
    if (q.getMode() != null) b.mode(q.getMode());
    if (q.getMaxDeferral() != null) attempt(at + ".max-deferral", () -> b.maxDeferral(q.getMaxDeferral()));
    return attempt(at, b::build);
  }

  MissedCallRules rules(TextBackProperties.Rules r) {
    MissedCallRules.Builder b = MissedCallRules.builder();
    if (r.getCountedOutcomes() != null) {
      attempt("textback.rules.counted-outcomes", () -> b.countedOutcomes(r.getCountedOutcomes()));
    }
    if (r.getMinRingForCanceled() != null) {
      attempt("textback.rules.min-ring-for-canceled", () -> b.minRingForCanceled(r.getMinRingForCanceled()));
    }
    if (r.getUntextableLineTypes() != null) {
      attempt("textback.rules.untextable-line-types", () -> b.untextableLineTypes(r.getUntextableLineTypes()));
    }
    MissedCallRules rules = attempt("textback.rules", b::build);
    return rules == null ? MissedCallRules.defaults() : rules;
  }

  @Nullable RetryConfig retry(TextBackProperties.Retry r) {
    int before = problems.size();
    if (r.getMaxAttempts() < 1) problems.add("textback.retry.max-attempts: must be at least 1");
    positive(r.getInitialInterval(), "textback.retry.initial-interval");
    positive(r.getLater(), "textback.retry.later");
    if (!(r.getMultiplier() >= 1.0)) problems.add("textback.retry.multiplier: must be at least 1.0");
    if (!(r.getRandomization() >= 0.0 && r.getRandomization() < 1.0)) {
      problems.add("textback.retry.randomization: must be at least 0 and below 1");
    }
    if (problems.size() > before) return null;
    return RetryConfig.custom().maxAttempts(r.getMaxAttempts())
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(r.getInitialInterval(), r.getMultiplier(),
            r.getRandomization()))
        .retryExceptions(RetriableSendException.class).build();
  }

  /** The dispatcher's settings and the instance id, checked by the engine's builder itself (its bounds, its words). */
  void dispatcher(TextBackProperties.Dispatcher d, @Nullable String instanceId) {
    TextBack.Builder check = TextBack.builder();
    if (d.getPollInterval() == null) problems.add("textback.dispatcher.poll-interval: must be positive");
    else attempt("textback.dispatcher.poll-interval", () -> check.pollInterval(d.getPollInterval()));
    if (d.getDrainTimeout() == null) problems.add("textback.dispatcher.drain-timeout: must be positive");
    else attempt("textback.dispatcher.drain-timeout", () -> check.drainTimeout(d.getDrainTimeout()));
    if (d.getLease() == null) problems.add("textback.dispatcher.lease: must be positive");
    else attempt("textback.dispatcher.lease", () -> check.lease(d.getLease()));
    if (d.getSendConcurrency() < 1) problems.add("textback.dispatcher.send-concurrency: must be at least 1");
    if (instanceId != null && !instanceId.isBlank()) {
      attempt("textback.instance-id", () -> check.instanceId(instanceId));
    }
  }

  private @Nullable PhoneNumber phone(@Nullable String raw, String at, String region, boolean required) {
    if (blank(raw)) {
      if (required) problems.add(at + ": required");
      return null;
    }
    try {
      return PhoneNumbers.require(raw, region);
    } catch (IllegalArgumentException e) {
      problems.add(at + ": " + e.getMessage());
      return null;
    }
  }

  private @Nullable LocalTime time(String raw, String at) {
    try {
      return LocalTime.parse(raw);
    } catch (DateTimeParseException e) {
      problems.add(at + ": '" + raw + "' is not a time like 08:00");
      return null;
    }
  }

  private Duration notNegative(Duration d, String at) {
    if (d.isNegative()) {
      problems.add(at + ": must not be negative");
      return Duration.ZERO;
    }
    return d;
  }

  private void positive(@Nullable Duration d, String at) {
    if (d == null || d.isNegative() || d.isZero()) problems.add(at + ": must be positive");
  }

  /** Runs a builder step, recording its IllegalArgumentException or IllegalStateException as a problem at {@code at}. */
  private <T> @Nullable T attempt(String at, Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      problems.add(at + ": " + e.getMessage());
      return null;
    }
  }

  private static boolean blank(@Nullable String s) {
    return s == null || s.isBlank();
  }
}
