package dev.textback.test;

import static dev.textback.test.StoreTestData.T0;
import static dev.textback.test.StoreTestData.TWILIO;
import static dev.textback.test.StoreTestData.TWILIO_TEXTS;
import static dev.textback.test.StoreTestData.VONAGE;
import static dev.textback.test.StoreTestData.minutes;
import static dev.textback.test.StoreTestData.pending;
import static dev.textback.test.StoreTestData.seconds;
import static dev.textback.test.StoreTestData.withStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.textback.spi.ClaimScope;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.TextBackStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link TextBackStore#claimDue} and {@link TextBackStore#completeClaim}: leases, at-most-one owner, and the scope of
 * a claim (the carriers a dispatcher can send through).
 */
abstract class ClaimContract extends StoreContractGroup {
  private static final Duration LEASE = Duration.ofSeconds(60);

  private void insert(OutboxEntry... entries) {
    write(tx -> {
      for (OutboxEntry e : entries) tx.insertOutbox(e);
    });
  }

  private static OutboxEntry viaCarrier(OutboxEntry entry, String carrier) {
    return entry.toBuilder().carrier(carrier).build();
  }

  private static List<String> ids(List<OutboxEntry> entries) {
    return entries.stream().map(OutboxEntry::id).collect(Collectors.toList());
  }

  @Test
  void claims_due_entries_in_due_order_up_to_the_limit() {
    insert(pending("a", minutes(-1)), pending("c", minutes(-3)), pending("b", minutes(-2)),
        pending("future", minutes(1)));

    assertThat(ids(store().claimDue("dispatcher-1", T0, LEASE, 2, TWILIO_TEXTS))).containsExactly("c", "b");
    assertThat(ids(store().claimDue("dispatcher-1", T0, LEASE, 10, TWILIO_TEXTS))).containsExactly("a");
    assertThat(store().claimDue("dispatcher-1", T0, LEASE, 10, TWILIO_TEXTS)).isEmpty();
  }

  @Test
  void a_limit_of_the_largest_int_claims_every_due_entry() {
    List<String> due = new ArrayList<>();
    for (int i = 12; i > 0; i--) {
      insert(pending("e" + i, seconds(-i)));
      due.add("e" + i);
    }

    assertThat(ids(store().claimDue("dispatcher-1", T0, LEASE, Integer.MAX_VALUE, TWILIO_TEXTS)))
        .containsExactlyElementsOf(due);
  }

  @Test
  void each_claim_leases_at_most_its_limit_and_successive_claims_lease_every_due_entry_once() {
    // Queued oldest first, as calls come in. A general guard: the PostgreSQL plan that ran its limited pick once per
    // outbox row needs statistics this kit does not set up (see the JDBC store's own test of it).
    for (int i = 0; i < 20; i++) insert(pending(String.format("ob-%02d", i), seconds(-20 + i)));

    List<Integer> sizes = new ArrayList<>();
    List<String> claimed = new ArrayList<>();
    for (List<OutboxEntry> got; !(got = store().claimDue("dispatcher-1", T0, LEASE, 4, TWILIO_TEXTS)).isEmpty(); ) {
      sizes.add(got.size());
      claimed.addAll(ids(got));
      if (sizes.size() > 20) break;
    }

    assertThat(sizes).as("entries leased by each claim for 4").containsExactly(4, 4, 4, 4, 4);
    assertThat(claimed).as("in due order, each once").isSorted().hasSize(20).doesNotHaveDuplicates();
  }

  @Test
  void claims_only_the_entries_of_the_given_carriers_and_leaves_the_others_untouched() {
    OutboxEntry vonage = viaCarrier(pending("v", minutes(-3)), VONAGE);
    insert(pending("a", minutes(-2)), vonage, pending("b", minutes(-1)));

    assertThat(ids(store().claimDue("twilio-dispatcher", T0, LEASE, 10, TWILIO_TEXTS))).containsExactly("a", "b");
    assertThat(store().outboxEntry("v")).as("another carrier's entry").contains(vonage);
    assertThat(ids(store().claimDue("vonage-dispatcher", T0, LEASE, 10, ClaimScope.carriers(VONAGE))))
        .containsExactly("v");
  }

  @Test
  void fills_the_limit_with_its_own_carriers_entries_however_many_of_another_carrier_are_due_first() {
    for (int i = 0; i < 12; i++) insert(viaCarrier(pending("v" + i, minutes(-60 + i)), VONAGE));
    insert(pending("mine-1", minutes(-2)), pending("mine-2", minutes(-1)));

    assertThat(ids(store().claimDue("twilio-dispatcher", T0, LEASE, 2, TWILIO_TEXTS)))
        .containsExactly("mine-1", "mine-2");
  }

  @Test
  void claims_the_entries_of_several_carriers_in_one_due_order() {
    insert(pending("t1", minutes(-4)), viaCarrier(pending("v1", minutes(-3)), VONAGE),
        viaCarrier(pending("p1", minutes(-2)), "plivo"), pending("t2", minutes(-1)));

    assertThat(ids(store().claimDue("dispatcher-1", T0, LEASE, 10, ClaimScope.carriers(TWILIO, VONAGE))))
        .containsExactly("t1", "v1", "t2");
  }

  @Test
  void claims_entries_of_a_kind_no_carrier_sends_whatever_carrier_they_name() {
    OutboxEntry text = viaCarrier(pending("vonage-text", minutes(-2)), VONAGE);
    OutboxEntry work = viaCarrier(pending("vonage-escalation", minutes(-1)), VONAGE).toBuilder()
        .kind(OutboxKind.ESCALATION).build();
    insert(text, work);

    ClaimScope scope = TWILIO_TEXTS.withAnyCarrier(List.of(OutboxKind.ESCALATION));
    assertThat(ids(store().claimDue("twilio-dispatcher", T0, LEASE, 10, scope))).containsExactly("vonage-escalation");
    assertThat(store().outboxEntry("vonage-text")).contains(text);
  }

  @Test
  void claims_nothing_for_an_empty_scope() {
    OutboxEntry entry = pending("ob-1", minutes(-1));
    insert(entry);

    assertThat(store().claimDue("dispatcher-1", T0, LEASE, 10, ClaimScope.carriers(List.of()))).isEmpty();
    assertThat(store().outboxEntry("ob-1")).contains(entry);
  }

  @Test
  void an_entry_due_exactly_now_is_due_and_one_due_later_is_not() {
    insert(pending("now", T0), pending("later", T0.plusMillis(1)));

    assertThat(ids(store().claimDue("dispatcher-1", T0, LEASE, 10, TWILIO_TEXTS))).containsExactly("now");
  }

  @Test
  void never_claims_entries_in_a_final_status() {
    insert(withStatus(pending("sent", minutes(-5)), OutboxStatus.SENT, minutes(-5)),
        pending("canceled", minutes(-5)).finish(OutboxStatus.CANCELED, "opted out", false),
        pending("failed", minutes(-5)).finish(OutboxStatus.FAILED, "landline", true));

    assertThat(store().claimDue("dispatcher-1", T0, LEASE, 10, TWILIO_TEXTS)).isEmpty();
  }

  @Test
  void a_claimed_entry_carries_the_lease_and_so_does_the_stored_one() {
    OutboxEntry entry = pending("ob-1", minutes(-1));
    insert(entry);

    List<OutboxEntry> claimed = store().claimDue("dispatcher-1", T0, LEASE, 10, TWILIO_TEXTS);

    OutboxEntry leased = entry.withLease("dispatcher-1", T0.plus(LEASE));
    assertThat(claimed).containsExactly(leased);
    assertThat(leased.possibleDuplicate()).isFalse();
    assertThat(store().outboxEntry("ob-1")).contains(leased);
  }

  @Test
  void does_not_hand_out_an_entry_whose_lease_is_still_running() {
    insert(pending("ob-1", minutes(-1)));
    store().claimDue("dispatcher-1", T0, LEASE, 10, TWILIO_TEXTS);

    assertThat(store().claimDue("dispatcher-2", seconds(30), LEASE, 10, TWILIO_TEXTS)).isEmpty();
    assertThat(store().claimDue("dispatcher-1", seconds(59), LEASE, 10, TWILIO_TEXTS)).isEmpty();
  }

  @Test
  void reclaims_an_entry_whose_lease_expired_and_flags_it_as_a_possible_duplicate_taken_over() {
    OutboxEntry entry = pending("ob-1", minutes(-1));
    insert(entry);
    store().claimDue("dispatcher-1", T0, LEASE, 10, TWILIO_TEXTS);

    List<OutboxEntry> reclaimed = store().claimDue("dispatcher-2", seconds(61), LEASE, 10, TWILIO_TEXTS);

    OutboxEntry expected = entry.takenOverBy("dispatcher-2", seconds(61).plus(LEASE));
    assertThat(expected.possibleDuplicate()).isTrue();
    assertThat(expected.takenOver()).isTrue();
    assertThat(reclaimed).containsExactly(expected);
    assertThat(store().outboxEntry("ob-1")).contains(expected);
  }

  @Test
  void a_retry_after_a_possibly_accepted_send_is_claimed_flagged_but_not_as_taken_over() {
    insert(pending("ob-1", minutes(-1)));
    OutboxEntry claimed = store().claimDue("dispatcher-1", T0, LEASE, 10, TWILIO_TEXTS).get(0);
    OutboxEntry retry = claimed.retryAt(seconds(2), "HTTP 503", true, false);
    assertThat(store().completeClaim("dispatcher-1", retry)).isTrue();

    OutboxEntry again = store().claimDue("dispatcher-1", seconds(2), LEASE, 10, TWILIO_TEXTS).get(0);

    assertThat(again.possibleDuplicate()).as("an earlier attempt may have reached the carrier").isTrue();
    assertThat(again.takenOver()).as("no engine stopped mid-send").isFalse();
    assertThat(again).isEqualTo(retry.withLease("dispatcher-1", seconds(2).plus(LEASE)));
  }

  @Test
  void a_taken_over_entry_is_not_taken_over_again_once_its_result_is_recorded() {
    insert(pending("ob-1", minutes(-1)));
    store().claimDue("dispatcher-1", T0, LEASE, 10, TWILIO_TEXTS);
    OutboxEntry theirs = store().claimDue("dispatcher-2", seconds(61), LEASE, 10, TWILIO_TEXTS).get(0);
    assertThat(store().completeClaim("dispatcher-2",
        theirs.retryAt(seconds(70), "HTTP 429", false, false))).isTrue();
    assertThat(store().outboxEntry("ob-1").orElseThrow().takenOver()).as("cleared with the lease").isFalse();

    OutboxEntry next = store().claimDue("dispatcher-3", seconds(70), LEASE, 10, TWILIO_TEXTS).get(0);

    assertThat(next.takenOver()).isFalse();
    assertThat(next.possibleDuplicate()).as("the flag of the lapsed attempt stays").isTrue();
  }

  @Test
  void completing_a_claim_stores_the_result_and_clears_the_lease() {
    insert(pending("ob-1", minutes(-1)));
    OutboxEntry claimed = store().claimDue("dispatcher-1", T0, LEASE, 10, TWILIO_TEXTS).get(0);

    boolean stored = store().completeClaim("dispatcher-1", claimed.sent("SM1", 2, seconds(2)));

    assertThat(stored).isTrue();
    OutboxEntry after = store().outboxEntry("ob-1").orElseThrow();
    assertThat(after).isEqualTo(claimed.sent("SM1", 2, seconds(2)).withLease(null, null));
    assertThat(after.status()).isEqualTo(OutboxStatus.SENT);
    assertThat(after.leaseOwner()).isNull();
    assertThat(after.leaseUntil()).isNull();
    assertThat(store().claimDue("dispatcher-1", minutes(10), LEASE, 10, TWILIO_TEXTS)).isEmpty();
  }

  @Test
  void completing_is_refused_once_another_owner_took_the_expired_lease_over() {
    insert(pending("ob-1", minutes(-1)));
    OutboxEntry mine = store().claimDue("dispatcher-1", T0, LEASE, 10, TWILIO_TEXTS).get(0);
    OutboxEntry theirs = store().claimDue("dispatcher-2", seconds(90), LEASE, 10, TWILIO_TEXTS).get(0);

    assertThat(store().completeClaim("dispatcher-1", mine.sent("SM-late", 1, seconds(95)))).isFalse();
    assertThat(store().outboxEntry("ob-1")).as("the late result was dropped").contains(theirs);

    assertThat(store().completeClaim("dispatcher-2", theirs.sent("SM2", 1, seconds(96)))).isTrue();
    assertThat(store().outboxEntry("ob-1").orElseThrow().carrierMessageId()).isEqualTo("SM2");
  }

  @Test
  void completing_under_a_claim_stores_the_result_and_clears_the_lease() {
    insert(pending("ob-1", minutes(-1)));
    // A clock with nanoseconds: the lease end must still identify the claim once stored at the store's precision.
    OutboxEntry claimed = store().claimDue("dispatcher-1", T0.plusNanos(123_456_789), LEASE, 10, TWILIO_TEXTS)
        .get(0);

    assertThat(store().completeClaim(claimed, claimed.sent("SM1", 1, seconds(2)))).isTrue();

    assertThat(store().outboxEntry("ob-1")).contains(claimed.sent("SM1", 1, seconds(2)).withLease(null, null));
  }

  @Test
  void a_result_made_under_an_earlier_claim_is_refused_once_the_same_owner_claimed_the_entry_again() {
    insert(pending("ob-1", minutes(-1)));
    OutboxEntry first = store().claimDue("dispatcher-1", T0, LEASE, 10, TWILIO_TEXTS).get(0);
    // The first claim's work outlives its lease, and the same engine claims the entry again.
    OutboxEntry second = store().claimDue("dispatcher-1", seconds(61), LEASE, 10, TWILIO_TEXTS).get(0);

    assertThat(store().completeClaim(first, first.retryAt(seconds(70), "HTTP 503", true, false)))
        .as("the stale result").isFalse();
    assertThat(store().outboxEntry("ob-1")).as("the new claim is untouched").contains(second);

    assertThat(store().completeClaim(second, second.sent("SM2", 1, seconds(62)))).isTrue();
    assertThat(store().outboxEntry("ob-1").orElseThrow().carrierMessageId()).isEqualTo("SM2");
  }

  @Test
  void a_result_under_a_lapsed_claim_is_stored_while_no_one_claimed_the_entry_since() {
    insert(pending("ob-1", minutes(-1)));
    OutboxEntry claimed = store().claimDue("dispatcher-1", T0, LEASE, 10, TWILIO_TEXTS).get(0);

    // Stored ten minutes later (the store was down meanwhile): nobody else claimed it.
    assertThat(store().completeClaim(claimed, claimed.retryAt(minutes(10), "HTTP 429", false, false))).isTrue();

    assertThat(store().outboxEntry("ob-1").orElseThrow().leaseOwner()).isNull();
    assertThat(store().claimDue("dispatcher-2", minutes(10), LEASE, 10, TWILIO_TEXTS)).hasSize(1);
  }

  @Test
  void completing_under_a_claim_is_refused_once_another_owner_took_the_expired_lease_over() {
    insert(pending("ob-1", minutes(-1)));
    OutboxEntry mine = store().claimDue("dispatcher-1", T0, LEASE, 10, TWILIO_TEXTS).get(0);
    OutboxEntry theirs = store().claimDue("dispatcher-2", seconds(90), LEASE, 10, TWILIO_TEXTS).get(0);

    assertThat(store().completeClaim(mine, mine.sent("SM-late", 1, seconds(95)))).isFalse();
    assertThat(store().outboxEntry("ob-1")).as("the late result was dropped").contains(theirs);
  }

  @Test
  void completing_needs_a_claimed_entry_and_a_result_for_it() {
    insert(pending("ob-1", minutes(-1)), pending("ob-2", minutes(-1)));
    List<OutboxEntry> claimed = store().claimDue("dispatcher-1", T0, LEASE, 10, TWILIO_TEXTS);
    OutboxEntry one = claimed.get(0);
    OutboxEntry two = claimed.get(1);

    assertThatIllegalArgumentException().isThrownBy(() -> store().completeClaim(one, two.sent("SM", 1, seconds(2))));
    assertThatIllegalArgumentException().isThrownBy(() -> store().completeClaim(one.withLease(null, null), one));
    assertThat(store().outboxEntry(one.id())).contains(one);
    assertThat(store().outboxEntry(two.id())).contains(two);
  }

  @Test
  void a_released_retry_is_claimed_again_once_due_without_the_duplicate_flag() {
    insert(pending("ob-1", minutes(-1)));
    OutboxEntry claimed = store().claimDue("dispatcher-1", T0, LEASE, 10, TWILIO_TEXTS).get(0);
    OutboxEntry retry = claimed.retryAt(minutes(5), "HTTP 429", false, false);
    assertThat(store().completeClaim("dispatcher-1", retry)).isTrue();

    assertThat(store().claimDue("dispatcher-1", minutes(4), LEASE, 10, TWILIO_TEXTS)).isEmpty();
    List<OutboxEntry> again = store().claimDue("dispatcher-2", minutes(5), LEASE, 10, TWILIO_TEXTS);

    assertThat(again).containsExactly(retry.withLease("dispatcher-2", minutes(5).plus(LEASE)));
    assertThat(again.get(0).attempts()).isEqualTo(1);
    assertThat(again.get(0).possibleDuplicate()).isFalse();
  }

  @Test
  void racing_claimers_receive_every_entry_exactly_once() throws Exception {
    int entries = 120;
    List<OutboxEntry> all = new ArrayList<>();
    for (int i = 0; i < entries; i++) all.add(pending(String.format("ob-%03d", i), seconds(-entries + i)));
    write(tx -> all.forEach(tx::insertOutbox));
    TextBackStore first = store();
    TextBackStore second = other();

    List<Callable<List<String>>> claimers = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      String owner = "dispatcher-" + t;
      TextBackStore s = t % 2 == 0 ? first : second;
      claimers.add(() -> {
        List<String> mine = new ArrayList<>();
        // Bounded: 120 entries in batches of 7 need 18 rounds; stop early once a claim comes back empty.
        for (int round = 0; round < 200; round++) {
          List<OutboxEntry> batch = s.claimDue(owner, T0, Duration.ofMinutes(10), 7, TWILIO_TEXTS);
          if (batch.isEmpty()) break;
          batch.forEach(e -> assertThat(e.leaseOwner()).isEqualTo(owner));
          mine.addAll(ids(batch));
        }
        return mine;
      });
    }

    List<List<String>> results = race(claimers);

    List<String> claimed = results.stream().flatMap(List::stream).collect(Collectors.toList());
    Set<String> distinct = new HashSet<>(claimed);
    assertThat(claimed).as("no entry went to two owners").hasSameSizeAs(distinct);
    assertThat(distinct).as("every entry was claimed").isEqualTo(all.stream().map(OutboxEntry::id)
        .collect(Collectors.toSet()));
    assertThat(store().claimDue("late-dispatcher", T0, Duration.ofMinutes(10), 200, TWILIO_TEXTS)).isEmpty();
  }
}
