package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.business.BusinessProfile;
import dev.textback.call.CallOutcome;
import dev.textback.phone.PhoneNumber;
import dev.textback.rules.Reason;
import dev.textback.spi.CallActivity;
import dev.textback.spi.CallRecord;
import dev.textback.spi.CallerInfo;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the call list says happened to each call, in the owner's words and the business's time zone. */
class CallListJsonTest {
  private static final BusinessProfile SUMMIT = BusinessProfile.builder().id("summit").displayName("Summit")
      .zone(ZoneId.of("America/Denver")).number("+13035550142").build();
  private static final PhoneNumber MARIA = PhoneNumber.of("+17205550142");
  /** Tuesday 2026-07-14, 22:30 in Denver (MDT, UTC-6). */
  private static final Instant LATE = Instant.parse("2026-07-15T04:30:00Z");

  private static CallRecord call(Reason reason, String detail) {
    return CallRecord.builder().carrier("twilio").callId("CA1").businessId("summit")
        .dialled(PhoneNumber.of("+13035550142")).caller(MARIA).outcome(CallOutcome.NO_ANSWER).calledAt(LATE)
        .decidedAt(LATE).reason(reason).detail(detail).outboxId("ob-1").conversationId("cv-1").build();
  }

  private static OutboxEntry.Builder text(OutboxStatus status, Instant due) {
    return OutboxEntry.builder().id("ob-1").kind(OutboxKind.TEXT_BACK).businessId("summit").carrier("twilio")
        .from(PhoneNumber.of("+13035550142")).to(MARIA).body("Sorry we missed your call").createdAt(LATE).dueAt(due)
        .status(status);
  }

  private static CallListJson.Outcome outcome(CallRecord call, OutboxEntry text) {
    return CallListJson.outcome(SUMMIT, CallActivity.builder().call(call).textBack(text).build());
  }

  @Test
  void a_text_held_for_quiet_hours_says_until_when_in_the_business_time_zone() {
    // Due 14:00 UTC = 08:00 in Denver on Wednesday, July 15.
    OutboxEntry held = text(OutboxStatus.PENDING, Instant.parse("2026-07-15T14:00:00Z")).build();

    assertThat(outcome(call(Reason.DEFERRED_QUIET_HOURS, "quiet hours"), held))
        .isEqualTo(new CallListJson.Outcome("held", "Held for quiet hours until Wed Jul 15, 8:00 AM"));
  }

  @Test
  void texts_say_whether_they_were_delivered_or_why_they_failed() {
    assertThat(outcome(call(Reason.TEXT, "rang 25 s"), text(OutboxStatus.DELIVERED, LATE).deliveredAt(LATE).build()))
        .isEqualTo(new CallListJson.Outcome("delivered", "Texted, delivered"));
    assertThat(outcome(call(Reason.TEXT, "rang 25 s"),
        text(OutboxStatus.FAILED, LATE).lastError("30006 landline or unreachable carrier").build()))
        .isEqualTo(new CallListJson.Outcome("failed", "Text failed: 30006 landline or unreachable carrier"));
  }

  @Test
  void skipped_calls_give_their_reason_in_words() {
    CallActivity cooldown = CallActivity.builder().call(call(Reason.SKIPPED_COOLDOWN, "episode")).build();
    CallActivity optedOut = CallActivity.builder().call(call(Reason.SKIPPED_OPTED_OUT, "ledger")).build();
    CallActivity rule = CallActivity.builder().call(call(Reason.SKIPPED_BY_RULE, "existing customer")).build();

    assertThat(CallListJson.outcome(SUMMIT, cooldown))
        .isEqualTo(new CallListJson.Outcome("skipped", "Not texted: already texted recently (cooldown)"));
    assertThat(CallListJson.outcome(SUMMIT, optedOut))
        .isEqualTo(new CallListJson.Outcome("opted_out", "Not texted: the caller has opted out of texts"));
    assertThat(CallListJson.outcome(SUMMIT, rule))
        .isEqualTo(new CallListJson.Outcome("skipped", "Not texted: a custom rule: existing customer"));
  }

  @Test
  void the_caller_name_comes_from_the_directory_and_a_failing_directory_means_unknown() {
    CallActivity a = CallActivity.builder().call(call(Reason.SKIPPED_COOLDOWN, "episode")).build();
    CallListJson named = new CallListJson((business, caller) -> Optional.of(new CallerInfo("Maria Lopez", null)));
    CallListJson broken = new CallListJson((business, caller) -> {
      throw new IllegalStateException("CRM down");
    });

    Map<String, Object> json = named.call(SUMMIT, a);
    assertThat(json).containsEntry("callerName", "Maria Lopez").containsEntry("caller", "+17205550142")
        .containsEntry("status", "skipped").containsEntry("text", null).containsEntry("conversationId", "cv-1");
    assertThat(broken.call(SUMMIT, a)).containsEntry("callerName", null);
  }
}
