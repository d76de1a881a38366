package dev.textback.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.textback.phone.PhoneNumber;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class OutboxEntryBuilderTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final PhoneNumber BUSINESS = PhoneNumber.of("+15550100100");
  private static final PhoneNumber CALLER = PhoneNumber.of("+15550123401");

  /** Every field set to something other than its default. */
  private static OutboxEntry full() {
    return OutboxEntry.builder().id("ob-1").kind(OutboxKind.REPLY).businessId("biz-1").carrier("vonage")
        .from(BUSINESS).to(CALLER).body("Tomorrow at 9?").conversationId("cv-1").callId("CA1")
        .calledAt(T0.minusSeconds(40)).createdAt(T0).dueAt(T0.plusSeconds(10)).expiresAt(T0.plusSeconds(600))
        .status(OutboxStatus.DELIVERED).attempts(2).totalAttempts(3).leaseOwner("engine-a")
        .leaseUntil(T0.plusSeconds(70)).carrierMessageId("SM1").segments(2).sentAt(T0.plusSeconds(12))
        .deliveredAt(T0.plusSeconds(15)).lastError("503, retried").possibleDuplicate(true).build();
  }

  @Test
  void names_every_required_field_left_unset() {
    assertThatIllegalStateException().isThrownBy(() -> OutboxEntry.builder().id("ob-1").body("hi").build())
        .withMessage("OutboxEntry is missing kind, businessId, carrier, from, to, createdAt, dueAt, status");
  }

  @Test
  void a_new_entry_has_no_attempts_no_lease_no_receipt_and_no_duplicate_flag() {
    OutboxEntry fresh = OutboxEntry.builder().id("ob-1").kind(OutboxKind.TEXT_BACK).businessId("biz-1")
        .carrier("twilio").from(BUSINESS).to(CALLER).body("Sorry we missed your call").createdAt(T0).dueAt(T0)
        .status(OutboxStatus.PENDING).build();

    assertThat(fresh.attempts()).isZero();
    assertThat(fresh.totalAttempts()).isZero();
    assertThat(fresh.segments()).isZero();
    assertThat(fresh.possibleDuplicate()).isFalse();
    assertThat(fresh.leaseOwner()).isNull();
    assertThat(fresh.leaseUntil()).isNull();
    assertThat(fresh.carrierMessageId()).isNull();
    assertThat(fresh.sentAt()).isNull();
    assertThat(fresh.consent()).isEmpty();
  }

  @Test
  void to_builder_carries_every_field() {
    OutboxEntry full = full();

    OutboxEntry copy = full.toBuilder().build();

    assertThat(copy).usingRecursiveComparison().isEqualTo(full);
    assertThat(copy).isEqualTo(full).hasSameHashCodeAs(full);
  }

  @Test
  void entries_that_differ_in_any_one_field_are_not_equal() {
    List<UnaryOperator<OutboxEntry.Builder>> changes = List.of(
        b -> b.id("ob-2"), b -> b.kind(OutboxKind.FORWARD), b -> b.businessId("biz-2"), b -> b.carrier("plivo"),
        b -> b.from(CALLER), b -> b.to(BUSINESS), b -> b.body("other"), b -> b.conversationId(null),
        b -> b.callId(null), b -> b.calledAt(null), b -> b.createdAt(T0.plusSeconds(1)),
        b -> b.dueAt(T0), b -> b.expiresAt(null), b -> b.status(OutboxStatus.SENT), b -> b.attempts(0),
        b -> b.totalAttempts(0), b -> b.leaseOwner(null), b -> b.leaseUntil(null), b -> b.carrierMessageId(null),
        b -> b.segments(1), b -> b.sentAt(null), b -> b.deliveredAt(null), b -> b.lastError(null),
        b -> b.possibleDuplicate(false));
    OutboxEntry full = full();

    for (UnaryOperator<OutboxEntry.Builder> change : changes) {
      assertThat(change.apply(full.toBuilder()).build()).isNotEqualTo(full);
    }
  }

  @Test
  void a_send_counts_the_attempt_and_releases_the_claim() {
    OutboxEntry claimed = full().toBuilder().status(OutboxStatus.PENDING).carrierMessageId(null).sentAt(null)
        .deliveredAt(null).build();

    OutboxEntry sent = claimed.sent("SM9", 1, T0.plusSeconds(20));

    assertThat(sent.status()).isEqualTo(OutboxStatus.SENT);
    assertThat(sent.attempts()).isEqualTo(3);
    assertThat(sent.totalAttempts()).isEqualTo(4);
    assertThat(sent.leaseOwner()).isNull();
    assertThat(sent.leaseUntil()).isNull();
    assertThat(sent.carrierMessageId()).isEqualTo("SM9");
    assertThat(sent.segments()).isEqualTo(1);
    assertThat(sent.sentAt()).isEqualTo(T0.plusSeconds(20));
    assertThat(sent.toBuilder().status(OutboxStatus.PENDING).attempts(2).totalAttempts(3).leaseOwner("engine-a")
        .leaseUntil(T0.plusSeconds(70)).carrierMessageId(null).segments(2).sentAt(null).build())
        .as("nothing else changed").isEqualTo(claimed);
  }
}
