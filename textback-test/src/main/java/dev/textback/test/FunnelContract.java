package dev.textback.test;

import static dev.textback.test.StoreTestData.BUSINESS;
import static dev.textback.test.StoreTestData.CALLER;
import static dev.textback.test.StoreTestData.OTHER_BUSINESS;
import static dev.textback.test.StoreTestData.TWILIO;
import static dev.textback.test.StoreTestData.conversation;
import static dev.textback.test.StoreTestData.textBack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.call.CallOutcome;
import dev.textback.reply.Conversation;
import dev.textback.rules.Reason;
import dev.textback.spi.FunnelCounts;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.textback.spi.TextBackStore#funnel} on a hand-built day of calls. Every expected number below is
 * counted by hand from the data; percentiles are nearest-rank (the {@code ceil(p * n)}-th smallest value).
 */
abstract class FunnelContract extends StoreContractGroup {
  private static final Instant FROM = Instant.parse("2026-03-02T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-03-03T00:00:00Z");

  private static Instant at(String hhmm) {
    return Instant.parse("2026-03-02T" + hhmm + ":00Z");
  }

  /** A decided call of {@code businessId}; its id is {@code call-<id>}. */
  private void call(String id, String businessId, Instant calledAt, CallOutcome outcome, Reason reason) {
    write(tx -> tx.insertCall(StoreTestData.call(TWILIO, "call-" + id, businessId, calledAt, outcome, reason)));
  }

  /** The text-back of call {@code call-<id>}; {@code sentAfter} null when the carrier never accepted it. */
  private void text(String id, String businessId, Instant calledAt, OutboxStatus status,
      @Nullable Duration sentAfter) {
    OutboxEntry e = textBack(id, businessId, calledAt, status, sentAfter == null ? null : calledAt.plus(sentAfter));
    write(tx -> tx.insertOutbox(e));
  }

  /** The conversation the text-back of call {@code call-<id>} opened, five seconds after the call. */
  private static Conversation opened(String id, String businessId, Instant calledAt) {
    return conversation(id, businessId, CALLER, calledAt.plusSeconds(5));
  }

  private void save(Conversation c) {
    write(tx -> tx.insertConversation(c));
  }

  private void buildDay() {
    // Texted calls of the business, with what became of each text-back and conversation.
    call("c1", BUSINESS, at("09:00"), CallOutcome.NO_ANSWER, Reason.TEXT);
    text("c1", BUSINESS, at("09:00"), OutboxStatus.DELIVERED, Duration.ofSeconds(30));
    save(opened("c1", BUSINESS, at("09:00")).withCallerReply(at("09:05"), at("09:20"))
        .withBusinessResponse(at("09:15"), "Ana").withHandled(at("09:20"), "Ana"));

    call("c2", BUSINESS, at("10:00"), CallOutcome.BUSY, Reason.TEXT);
    text("c2", BUSINESS, at("10:00"), OutboxStatus.SENT, Duration.ofSeconds(10));
    save(opened("c2", BUSINESS, at("10:00")).withCallerReply(at("10:02"), at("10:17"))
        .withBusinessResponse(at("10:22"), "Ben"));

    // Accepted by the carrier, then reported undeliverable: counts as sent and as failed.
    call("c3", BUSINESS, at("11:00"), CallOutcome.NO_ANSWER, Reason.TEXT);
    text("c3", BUSINESS, at("11:00"), OutboxStatus.FAILED, Duration.ofSeconds(50));
    save(opened("c3", BUSINESS, at("11:00")));

    // Replied and marked handled without a written response: replied and handled, no response time.
    call("c4", BUSINESS, at("12:00"), CallOutcome.VOICEMAIL, Reason.DELAYED);
    text("c4", BUSINESS, at("12:00"), OutboxStatus.DELIVERED, Duration.ofSeconds(120));
    save(opened("c4", BUSINESS, at("12:00")).withCallerReply(at("12:10"), at("12:25"))
        .withHandled(at("12:30"), "Ana"));

    call("c5", BUSINESS, at("22:00"), CallOutcome.CANCELED, Reason.DEFERRED_QUIET_HOURS);
    text("c5", BUSINESS, at("22:00"), OutboxStatus.PENDING, null);
    save(opened("c5", BUSINESS, at("22:00")));

    // Refused outright: failed, never sent.
    call("c6", BUSINESS, at("13:00"), CallOutcome.NO_ANSWER, Reason.TEXT);
    text("c6", BUSINESS, at("13:00"), OutboxStatus.FAILED, null);

    call("c10", BUSINESS, at("16:00"), CallOutcome.NO_ANSWER, Reason.TEXT);
    text("c10", BUSINESS, at("16:00"), OutboxStatus.SENT, Duration.ofSeconds(20));
    save(opened("c10", BUSINESS, at("16:00")));

    // Calls that were not texted; one exactly at the start of the period (inclusive).
    call("c7", BUSINESS, at("14:00"), CallOutcome.ANSWERED, Reason.SKIPPED_ANSWERED);
    call("c8", BUSINESS, at("09:30"), CallOutcome.NO_ANSWER, Reason.SKIPPED_COOLDOWN);
    call("c9", BUSINESS, at("15:00"), CallOutcome.NO_ANSWER, Reason.SKIPPED_OPTED_OUT);
    call("c13", BUSINESS, FROM, CallOutcome.ANSWERED, Reason.SKIPPED_ANSWERED);

    // A reply written by the business is not a text-back.
    OutboxEntry reply = textBack("r1", BUSINESS, at("09:00"), OutboxStatus.SENT, at("09:16"));
    write(tx -> tx.insertOutbox(reply.toBuilder().kind(OutboxKind.REPLY).conversationId("c1").callId("call-c1")
        .attempts(1).totalAttempts(1).carrierMessageId("SM-r1").segments(1).build()));

    // Outside the period (the end is exclusive) or of another business: none of these count.
    call("c11", BUSINESS, TO, CallOutcome.NO_ANSWER, Reason.TEXT);
    text("c11", BUSINESS, TO, OutboxStatus.DELIVERED, Duration.ofSeconds(5));
    save(opened("c11", BUSINESS, TO).withCallerReply(TO.plusSeconds(60), TO.plusSeconds(900))
        .withBusinessResponse(TO.plusSeconds(120), "Ana"));
    call("c12", BUSINESS, FROM.minusSeconds(1), CallOutcome.NO_ANSWER, Reason.TEXT);
    text("c12", BUSINESS, FROM.minusSeconds(1), OutboxStatus.SENT, Duration.ofSeconds(7));
    call("c20", OTHER_BUSINESS, at("08:00"), CallOutcome.NO_ANSWER, Reason.TEXT);
    text("c20", OTHER_BUSINESS, at("08:00"), OutboxStatus.SENT, Duration.ofSeconds(1));
    save(opened("c20", OTHER_BUSINESS, at("08:00")).withCallerReply(at("08:01"), at("08:16"))
        .withBusinessResponse(at("08:03"), "Cy"));
  }

  @Test
  void counts_calls_missed_calls_and_decisions_of_the_period() {
    buildDay();

    FunnelCounts f = store().funnel(BUSINESS, FROM, TO);

    assertThat(f.calls()).isEqualTo(11);
    assertThat(f.missed()).isEqualTo(9);
    Map<Reason, Long> expected = new EnumMap<>(Reason.class);
    expected.put(Reason.TEXT, 5L);
    expected.put(Reason.DELAYED, 1L);
    expected.put(Reason.DEFERRED_QUIET_HOURS, 1L);
    expected.put(Reason.SKIPPED_ANSWERED, 2L);
    expected.put(Reason.SKIPPED_COOLDOWN, 1L);
    expected.put(Reason.SKIPPED_OPTED_OUT, 1L);
    // A store may list reasons that did not occur with zero, or leave them out.
    for (Reason r : Reason.values()) {
      assertThat(f.decisions().getOrDefault(r, 0L)).as(r.name()).isEqualTo(expected.getOrDefault(r, 0L));
    }
  }

  @Test
  void counts_text_backs_by_what_the_carrier_did_with_them() {
    buildDay();

    FunnelCounts f = store().funnel(BUSINESS, FROM, TO);

    assertThat(f.queued()).as("queued").isEqualTo(7);
    assertThat(f.sent()).as("sent").isEqualTo(5);
    assertThat(f.delivered()).as("delivered").isEqualTo(2);
    assertThat(f.failed()).as("failed").isEqualTo(2);
  }

  @Test
  void counts_replied_and_handled_conversations_and_the_mean_response_time() {
    buildDay();

    FunnelCounts f = store().funnel(BUSINESS, FROM, TO);

    assertThat(f.replied()).as("replied").isEqualTo(3);
    assertThat(f.handled()).as("handled").isEqualTo(2);
    // 10 and 20 minutes.
    assertThat(f.responseTimeMean()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void time_to_text_mean_and_nearest_rank_percentiles_over_an_odd_count() {
    buildDay();

    FunnelCounts f = store().funnel(BUSINESS, FROM, TO);

    // Sorted: 10, 20, 30, 50, 120 s. Mean 230 / 5; p50 is rank ceil(2.5) = 3; p90 is rank ceil(4.5) = 5.
    assertThat(f.timeToTextMean()).isEqualTo(Duration.ofSeconds(46));
    assertThat(f.timeToTextP50()).isEqualTo(Duration.ofSeconds(30));
    assertThat(f.timeToTextP90()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void nearest_rank_percentiles_over_an_even_count_pick_a_measured_value() {
    String biz = "biz-even";
    int[] seconds = {40, 10, 80, 20};
    for (int i = 0; i < seconds.length; i++) {
      Instant calledAt = at("1" + i + ":00");
      call("e" + i, biz, calledAt, CallOutcome.NO_ANSWER, Reason.TEXT);
      text("e" + i, biz, calledAt, OutboxStatus.DELIVERED, Duration.ofSeconds(seconds[i]));
    }

    FunnelCounts f = store().funnel(biz, FROM, TO);

    // Sorted: 10, 20, 40, 80 s. p50 is rank ceil(2.0) = 2 (not the 30 s an interpolating median gives);
    // p90 is rank ceil(3.6) = 4; mean 150 / 4.
    assertThat(f.timeToTextP50()).isEqualTo(Duration.ofSeconds(20));
    assertThat(f.timeToTextP90()).isEqualTo(Duration.ofSeconds(80));
    assertThat(f.timeToTextMean()).isEqualTo(Duration.ofMillis(37_500));
  }

  /**
   * Counts for which a percentile that rounds the rank down gives another value than nearest rank: 6 texts of 1 to 6
   * minutes (p90 rank ceil(5.4) = 6, p50 rank 3) and 16 of 1 to 16 minutes (p90 rank ceil(14.4) = 15, p50 rank 8).
   * H2's PERCENTILE_DISC gave the fifth and the fourteenth.
   */
  @Test
  void nearest_rank_p90_is_the_rank_rounded_up_for_counts_ending_in_six() {
    for (int n : new int[] {6, 16}) {
      String biz = "biz-n" + n;
      for (int i = 1; i <= n; i++) {
        Instant calledAt = FROM.plus(Duration.ofMinutes(20L * i));
        call("n" + n + "-" + i, biz, calledAt, CallOutcome.NO_ANSWER, Reason.TEXT);
        text("n" + n + "-" + i, biz, calledAt, OutboxStatus.DELIVERED, Duration.ofMinutes(i));
      }

      FunnelCounts f = store().funnel(biz, FROM, TO);

      assertThat(f.timeToTextP90()).as("p90 of %d", n).isEqualTo(Duration.ofMinutes(n == 6 ? 6 : 15));
      assertThat(f.timeToTextP50()).as("p50 of %d", n).isEqualTo(Duration.ofMinutes(n == 6 ? 3 : 8));
    }
  }

  @Test
  void a_period_without_calls_has_all_zero_numbers() {
    buildDay();

    FunnelCounts f = store().funnel(BUSINESS, TO.plusSeconds(86_400), TO.plusSeconds(2 * 86_400));

    assertThat(f.calls()).isZero();
    assertThat(f.missed()).isZero();
    assertThat(f.decisions().values()).allSatisfy(n -> assertThat(n).isZero());
    assertThat(f.queued() + f.sent() + f.delivered() + f.failed() + f.replied() + f.handled()).isZero();
    assertThat(f.timeToTextMean()).isEqualTo(Duration.ZERO);
    assertThat(f.timeToTextP50()).isEqualTo(Duration.ZERO);
    assertThat(f.timeToTextP90()).isEqualTo(Duration.ZERO);
    assertThat(f.responseTimeMean()).isEqualTo(Duration.ZERO);
  }

  @Test
  void another_business_sees_only_its_own_numbers() {
    buildDay();

    FunnelCounts f = store().funnel(OTHER_BUSINESS, FROM, TO);

    assertThat(f.calls()).isEqualTo(1);
    assertThat(f.queued()).isEqualTo(1);
    assertThat(f.sent()).isEqualTo(1);
    assertThat(f.replied()).isEqualTo(1);
    assertThat(f.timeToTextP50()).isEqualTo(Duration.ofSeconds(1));
    assertThat(f.responseTimeMean()).isEqualTo(Duration.ofMinutes(2));
  }
}
