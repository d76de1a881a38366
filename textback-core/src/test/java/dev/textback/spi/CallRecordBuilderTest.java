package dev.textback.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.textback.call.CallOutcome;
import dev.textback.phone.PhoneNumber;
import dev.textback.rules.Reason;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallRecordBuilderTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void names_every_required_field_left_unset() {
    assertThatIllegalStateException().isThrownBy(() -> CallRecord.builder().carrier("twilio").build())
        .withMessage("CallRecord is missing callId, dialled, outcome, calledAt, decidedAt, reason, detail");
  }

  @Test
  void to_builder_carries_every_field() {
    CallRecord full = CallRecord.builder().carrier("twilio").callId("CA1").businessId("biz-1")
        .dialled(PhoneNumber.of("+15550100100")).caller(PhoneNumber.of("+15550123401"))
        .outcome(CallOutcome.NO_ANSWER).calledAt(T0).decidedAt(T0.plusSeconds(2)).reason(Reason.TEXT)
        .detail("rang 25 s").dueAt(T0.plusSeconds(32)).outboxId("ob-1").conversationId("cv-1").build();

    CallRecord copy = full.toBuilder().build();

    assertThat(copy).usingRecursiveComparison().isEqualTo(full);
    assertThat(copy).isEqualTo(full).hasSameHashCodeAs(full);
    assertThat(full.toBuilder().detail("other").build()).isNotEqualTo(full);
  }

  @Test
  void a_skipped_call_leaves_business_caller_due_time_and_links_absent() {
    CallRecord skipped = CallRecord.builder().carrier("twilio").callId("CA2").dialled(PhoneNumber.of("+15550100100"))
        .outcome(CallOutcome.NO_ANSWER).calledAt(T0).decidedAt(T0).reason(Reason.SKIPPED_UNKNOWN_BUSINESS_NUMBER)
        .detail("dialled number belongs to no business").build();

    assertThat(skipped.businessId()).isNull();
    assertThat(skipped.caller()).isNull();
    assertThat(skipped.dueAt()).isNull();
    assertThat(skipped.outboxId()).isNull();
    assertThat(skipped.conversationId()).isNull();
  }
}
