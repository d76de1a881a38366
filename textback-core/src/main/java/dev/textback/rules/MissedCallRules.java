package dev.textback.rules;

import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessProfile;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.phone.CallerId;
import dev.textback.phone.LineType;
import dev.textback.phone.PhoneNumbers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a call is a missed call to text, and why not. The built-in checks run in a fixed order
 * (business known, outcome counted, ring long enough, caller usable, not ignored), then any custom rules in
 * the order added; the first veto wins. Immutable and thread-safe.
 */
public final class MissedCallRules {
  private static final Logger log = LoggerFactory.getLogger(MissedCallRules.class);

  /** Outcomes that count as missed by default. */
  public static final Set<CallOutcome> DEFAULT_COUNTED = EnumSet.of(
      CallOutcome.NO_ANSWER, CallOutcome.BUSY, CallOutcome.CANCELED, CallOutcome.FAILED, CallOutcome.VOICEMAIL);

  /** Caller line types not texted by default. */
  public static final Set<LineType> DEFAULT_UNTEXTABLE = EnumSet.of(LineType.TOLL_FREE,
      LineType.PREMIUM_RATE, LineType.SHARED_COST, LineType.UAN, LineType.VOICEMAIL, LineType.PAGER);

  private final Set<CallOutcome> counted;
  private final Duration minRingForCanceled;
  private final Set<LineType> untextable;
  private final List<MissedCallRule> custom;

  private MissedCallRules(Builder b) {
    this.counted = Set.copyOf(b.counted);
    this.minRingForCanceled = b.minRingForCanceled;
    this.untextable = Set.copyOf(b.untextable);
    this.custom = List.copyOf(b.custom);
  }

  public static MissedCallRules defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Interprets the caller against the business's region (US when the business is unknown) and decides. */
  public RuleVerdict evaluate(CallEvent event, BusinessDirectory businesses) {
    BusinessProfile business = businesses.byNumber(event.dialled()).orElse(null);
    String region = business == null ? "US" : business.defaultRegion();
    return evaluate(new CallContext(event, business, PhoneNumbers.parse(event.caller(), region)));
  }

  public RuleVerdict evaluate(CallContext call) {
    CallEvent e = call.event();
    if (call.businessOrNull() == null) {
      return RuleVerdict.skip(Reason.SKIPPED_UNKNOWN_BUSINESS_NUMBER, "no business owns the dialled number");
    }
    if (e.outcome() == CallOutcome.ANSWERED) {
      return RuleVerdict.skip(Reason.SKIPPED_ANSWERED, "answered");
    }
    if (!counted.contains(e.outcome())) {
      return RuleVerdict.skip(Reason.SKIPPED_OUTCOME_NOT_COUNTED, e.outcome() + " is not counted as missed");
    }
    if (e.outcome() == CallOutcome.CANCELED && e.ringDuration().compareTo(minRingForCanceled) < 0) {
      return RuleVerdict.skip(Reason.SKIPPED_SHORT_RING,
          "caller hung up after " + e.ringDuration().toSeconds() + "s, minimum " + minRingForCanceled.toSeconds() + "s");
    }
    CallerId caller = call.caller();
    switch (caller.kind()) {
      case ANONYMOUS:
        return RuleVerdict.skip(Reason.SKIPPED_ANONYMOUS_CALLER, caller.detail());
      case SHORT_CODE:
        return RuleVerdict.skip(Reason.SKIPPED_SHORT_CODE_CALLER, caller.detail());
      case INVALID:
        return RuleVerdict.skip(Reason.SKIPPED_INVALID_CALLER, caller.detail());
      default:
        break;
    }
    if (untextable.contains(caller.lineType())) {
      return RuleVerdict.skip(Reason.SKIPPED_UNTEXTABLE_LINE_TYPE, "caller is a " + caller.lineType() + " number");
    }
    BusinessProfile business = call.businessOrNull();
    if (business.ignoreList().contains(caller.number())) {
      return RuleVerdict.skip(Reason.SKIPPED_IGNORED_CALLER, "caller is on the ignore list");
    }
    if (business.number(caller.number()).isPresent()) {
      return RuleVerdict.skip(Reason.SKIPPED_OWN_NUMBER, "caller is one of the business's own numbers");
    }
    for (MissedCallRule rule : custom) {
      Optional<RuleVerdict> verdict;
      try {
        verdict = Objects.requireNonNull(rule.check(call), "rule returned null");
      } catch (RuntimeException ex) {
        log.warn("custom rule {} failed on call {}; skipping the call", rule, e.callId(), ex);
        return RuleVerdict.skip(Reason.SKIPPED_BY_RULE, "rule failed: " + ex.getClass().getSimpleName());
      }
      if (verdict.isPresent() && !verdict.get().shouldText()) return verdict.get();
    }
    return RuleVerdict.TEXT;
  }

  /** Configures {@link MissedCallRules}. Not thread-safe. */
  public static final class Builder {
    private Set<CallOutcome> counted = EnumSet.copyOf(DEFAULT_COUNTED);
    private Duration minRingForCanceled = Duration.ZERO;
    private Set<LineType> untextable = EnumSet.copyOf(DEFAULT_UNTEXTABLE);
    private final List<MissedCallRule> custom = new ArrayList<>();

    private Builder() {}

    /** Outcomes that count as missed (default NO_ANSWER, BUSY, CANCELED, FAILED, VOICEMAIL). */
    public Builder countedOutcomes(Set<CallOutcome> outcomes) {
      if (outcomes.contains(CallOutcome.ANSWERED)) throw new IllegalArgumentException("ANSWERED is never missed");
      this.counted = outcomes.isEmpty() ? EnumSet.noneOf(CallOutcome.class) : EnumSet.copyOf(outcomes);
      return this;
    }

    /** A CANCELED call that rang for less than this is not texted (default 0 s: all are). */
    public Builder minRingForCanceled(Duration min) {
      if (min.isNegative()) throw new IllegalArgumentException("min < 0");
      this.minRingForCanceled = min;
      return this;
    }

    /** Caller line types never texted (default toll-free, premium-rate, shared-cost, UAN, voicemail, pager). */
    public Builder untextableLineTypes(Set<LineType> types) {
      this.untextable = types.isEmpty() ? EnumSet.noneOf(LineType.class) : EnumSet.copyOf(types);
      return this;
    }

    /** Adds a custom rule, run after the built-in checks. */
    public Builder add(MissedCallRule rule) {
      custom.add(Objects.requireNonNull(rule, "rule == null"));
      return this;
    }

    public MissedCallRules build() {
      return new MissedCallRules(this);
    }
  }
}
