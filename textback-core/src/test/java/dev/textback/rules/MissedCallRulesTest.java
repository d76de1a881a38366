package dev.textback.rules;

import dev.textback.phone.CarrierId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessProfile;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.phone.LineType;
import dev.textback.phone.PhoneNumber;
import dev.textback.template.MessageTemplates;
import dev.textback.template.Situation;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which calls are missed calls to text, and the reason given for every one that is not. */
class MissedCallRulesTest {
  private static final PhoneNumber MAIN_LINE = PhoneNumber.of("+14155550100");
  private static final String SECOND_LINE = "+14155550101";
  private static final String CALLER = "+14155552671";
  private static final String STAFF = "+14155550199";

  private static final BusinessDirectory DIRECTORY = BusinessDirectory.of(BusinessProfile.builder()
      .id("acme")
      .displayName("Acme Plumbing")
      .number(MAIN_LINE.e164())
      .number(SECOND_LINE)
      .ignore(STAFF)
      .templates(MessageTemplates.builder("en").add(Situation.DEFAULT, "en", "Hi from {business}").build())
      .build());

  private static CallEvent call(String caller, CallOutcome outcome, Duration ring) {
    return CallEvent.builder()
        .carrier(CarrierId.of("test"))
        .callId("CA1")
        .dialled(MAIN_LINE)
        .caller(caller)
        .startedAt(Instant.parse("2026-06-17T15:00:00Z"))
        .ringDuration(ring)
        .outcome(outcome)
        .build();
  }

  private static RuleVerdict evaluate(MissedCallRules rules, String caller, CallOutcome outcome) {
    return rules.evaluate(call(caller, outcome, Duration.ofSeconds(20)), DIRECTORY);
  }

  @ParameterizedTest
  @CsvSource({
      "NO_ANSWER, TEXT",
      "BUSY,      TEXT",
      "CANCELED,  TEXT",
      "FAILED,    TEXT",
      "VOICEMAIL, TEXT",
      "ANSWERED,  SKIPPED_ANSWERED",
      "REJECTED,  SKIPPED_OUTCOME_NOT_COUNTED"})
  void each_outcome_has_its_default_decision(CallOutcome outcome, Reason reason) {
    assertThat(evaluate(MissedCallRules.defaults(), CALLER, outcome).reason()).isEqualTo(reason);
  }

  @Test
  void counted_outcomes_are_configurable() {
    MissedCallRules onlyNoAnswer = MissedCallRules.builder().countedOutcomes(EnumSet.of(CallOutcome.NO_ANSWER)).build();

    RuleVerdict busy = evaluate(onlyNoAnswer, CALLER, CallOutcome.BUSY);

    assertThat(busy.reason()).isEqualTo(Reason.SKIPPED_OUTCOME_NOT_COUNTED);
    assertThat(busy.detail()).contains("BUSY");
    assertThat(evaluate(onlyNoAnswer, CALLER, CallOutcome.NO_ANSWER).reason()).isEqualTo(Reason.TEXT);
  }

  @ParameterizedTest
  @CsvSource({"0, SKIPPED_SHORT_RING", "4, SKIPPED_SHORT_RING", "5, TEXT", "30, TEXT"})
  void a_canceled_call_must_ring_for_the_configured_minimum(long seconds, Reason reason) {
    MissedCallRules rules = MissedCallRules.builder().minRingForCanceled(Duration.ofSeconds(5)).build();

    RuleVerdict verdict = rules.evaluate(call(CALLER, CallOutcome.CANCELED, Duration.ofSeconds(seconds)), DIRECTORY);

    assertThat(verdict.reason()).isEqualTo(reason);
  }

  @Test
  void the_minimum_ring_applies_only_to_canceled_calls() {
    MissedCallRules rules = MissedCallRules.builder().minRingForCanceled(Duration.ofSeconds(5)).build();

    assertThat(rules.evaluate(call(CALLER, CallOutcome.NO_ANSWER, Duration.ZERO), DIRECTORY).reason())
        .isEqualTo(Reason.TEXT);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "anonymous|SKIPPED_ANONYMOUS_CALLER",
      "''|SKIPPED_ANONYMOUS_CALLER",
      "+266696687|SKIPPED_ANONYMOUS_CALLER",
      "+7378742833|SKIPPED_ANONYMOUS_CALLER",
      "Restricted|SKIPPED_ANONYMOUS_CALLER",
      "+15555550123|SKIPPED_INVALID_CALLER",
      "not-a-number|SKIPPED_INVALID_CALLER",
      "22395|SKIPPED_SHORT_CODE_CALLER",
      "+18005550199|SKIPPED_UNTEXTABLE_LINE_TYPE",
      "+19005550199|SKIPPED_UNTEXTABLE_LINE_TYPE",
      "(415) 555-2671|TEXT",
      "+447911123456|TEXT"})
  void the_caller_id_must_be_a_textable_number(String caller, Reason reason) {
    RuleVerdict verdict = evaluate(MissedCallRules.defaults(), caller, CallOutcome.NO_ANSWER);

    assertThat(verdict.reason()).isEqualTo(reason);
    assertThat(verdict.detail()).isNotBlank().doesNotContain("5555550123").doesNotContain("8005550199");
  }

  @Test
  void toll_free_callers_are_texted_when_no_line_type_is_excluded() {
    MissedCallRules rules = MissedCallRules.builder().untextableLineTypes(EnumSet.noneOf(LineType.class)).build();

    assertThat(evaluate(rules, "+18005550199", CallOutcome.NO_ANSWER).reason()).isEqualTo(Reason.TEXT);
  }

  @Test
  void an_ignore_listed_caller_is_skipped() {
    assertThat(evaluate(MissedCallRules.defaults(), STAFF, CallOutcome.NO_ANSWER).reason())
        .isEqualTo(Reason.SKIPPED_IGNORED_CALLER);
  }

  @Test
  void a_call_from_the_business_own_number_is_skipped() {
    assertThat(evaluate(MissedCallRules.defaults(), SECOND_LINE, CallOutcome.NO_ANSWER).reason())
        .isEqualTo(Reason.SKIPPED_OWN_NUMBER);
  }

  @Test
  void a_call_to_a_number_no_business_owns_is_skipped() {
    CallEvent stray = call(CALLER, CallOutcome.NO_ANSWER, Duration.ofSeconds(20)).toBuilder()
        .dialled(PhoneNumber.of("+12125550123"))
        .build();

    assertThat(MissedCallRules.defaults().evaluate(stray, DIRECTORY).reason())
        .isEqualTo(Reason.SKIPPED_UNKNOWN_BUSINESS_NUMBER);
  }

  @Test
  void the_first_custom_veto_wins_and_keeps_its_detail() {
    AtomicInteger laterRuns = new AtomicInteger();
    MissedCallRules rules = MissedCallRules.builder()
        .add(c -> Optional.empty())
        .add(c -> Optional.of(RuleVerdict.TEXT))
        .add(c -> Optional.of(RuleVerdict.skip(Reason.SKIPPED_BY_RULE, "existing customer")))
        .add(c -> {
          laterRuns.incrementAndGet();
          return Optional.of(RuleVerdict.skip(Reason.SKIPPED_BY_RULE, "second veto"));
        })
        .build();

    RuleVerdict verdict = evaluate(rules, CALLER, CallOutcome.NO_ANSWER);

    assertThat(verdict).isEqualTo(new RuleVerdict(Reason.SKIPPED_BY_RULE, "existing customer"));
    assertThat(laterRuns).hasValue(0);
  }

  @Test
  void custom_rules_run_only_after_the_built_in_checks() {
    AtomicInteger runs = new AtomicInteger();
    MissedCallRules rules = MissedCallRules.builder().add(c -> {
      runs.incrementAndGet();
      return Optional.empty();
    }).build();

    assertThat(evaluate(rules, "anonymous", CallOutcome.NO_ANSWER).reason())
        .isEqualTo(Reason.SKIPPED_ANONYMOUS_CALLER);
    assertThat(runs).hasValue(0);
    assertThat(evaluate(rules, CALLER, CallOutcome.NO_ANSWER).reason()).isEqualTo(Reason.TEXT);
    assertThat(runs).hasValue(1);
  }

  @Test
  void a_throwing_custom_rule_skips_the_call() {
    MissedCallRules rules = MissedCallRules.builder().add(c -> {
      throw new IllegalStateException("CRM down");
    }).build();

    RuleVerdict verdict = evaluate(rules, CALLER, CallOutcome.NO_ANSWER);

    assertThat(verdict.reason()).isEqualTo(Reason.SKIPPED_BY_RULE);
    assertThat(verdict.detail()).isEqualTo("rule failed: IllegalStateException");
  }

  @Test
  void a_custom_rule_returning_null_skips_the_call() {
    MissedCallRules rules = MissedCallRules.builder().add(c -> null).build();

    assertThat(evaluate(rules, CALLER, CallOutcome.NO_ANSWER).reason()).isEqualTo(Reason.SKIPPED_BY_RULE);
  }
}
