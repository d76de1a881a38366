package dev.textback.test;

import static dev.textback.test.StoreTestData.T0;
import static dev.textback.test.StoreTestData.minutes;
import static dev.textback.test.StoreTestData.pending;
import static dev.textback.test.StoreTestData.routing;
import static dev.textback.test.StoreTestData.seconds;
import static dev.textback.test.StoreTestData.TWILIO_TEXTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.TextBackStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Routing work in the outbox ({@link OutboxKind#ROUTE_REPLY}, {@link OutboxKind#NOTIFY_ESCALATION}):
 * {@link TextBackStore#claimDueRouting} gives it the leases texts have, and {@link TextBackStore#claimDue} never
 * hands it to a sender.
 */
abstract class RoutingClaimContract extends StoreContractGroup {
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final Set<OutboxKind> BOTH = EnumSet.of(OutboxKind.ROUTE_REPLY, OutboxKind.NOTIFY_ESCALATION);

  private void insert(OutboxEntry... entries) {
    write(tx -> {
      for (OutboxEntry e : entries) tx.insertOutbox(e);
    });
  }

  private static List<String> ids(List<OutboxEntry> entries) {
    return entries.stream().map(OutboxEntry::id).collect(Collectors.toList());
  }

  @Test
  void routing_work_keeps_every_field_including_the_message_it_is_about() {
    OutboxEntry work = routing("rt-1", OutboxKind.ROUTE_REPLY, T0);
    insert(work);

    assertThat(store().outboxEntry("rt-1")).contains(work);
    assertThat(store().outboxEntry("rt-1").orElseThrow().conversationMessageId()).isEqualTo("msg-rt-1");
    assertThat(find(tx -> tx.lockOutbox("rt-1"))).contains(work);
  }

  @Test
  void texts_and_routing_work_are_claimed_apart() {
    insert(pending("text-1", minutes(-2)), routing("route-1", OutboxKind.ROUTE_REPLY, minutes(-3)),
        routing("notify-1", OutboxKind.NOTIFY_ESCALATION, minutes(-1)));

    assertThat(ids(store().claimDue("sender", T0, LEASE, 10, TWILIO_TEXTS))).containsExactly("text-1");
    assertThat(ids(store().claimDueRouting("router", T0, LEASE, 10, BOTH))).containsExactly("route-1", "notify-1");
    assertThat(store().claimDue("sender", seconds(30), LEASE, 10, TWILIO_TEXTS)).as("leases still running").isEmpty();
    assertThat(store().claimDueRouting("router", seconds(30), LEASE, 10, BOTH)).isEmpty();
  }

  @Test
  void claims_only_the_routing_kinds_asked_for() {
    insert(routing("route-1", OutboxKind.ROUTE_REPLY, minutes(-2)),
        routing("notify-1", OutboxKind.NOTIFY_ESCALATION, minutes(-1)));

    assertThat(store().claimDueRouting("router", T0, LEASE, 10, Set.of())).isEmpty();
    assertThat(ids(store().claimDueRouting("router", T0, LEASE, 10, EnumSet.of(OutboxKind.NOTIFY_ESCALATION))))
        .containsExactly("notify-1");
    assertThat(ids(store().claimDueRouting("router", T0, LEASE, 10, BOTH))).containsExactly("route-1");
  }

  @Test
  void never_hands_routing_work_out_for_text_kinds() {
    insert(pending("text-1", minutes(-1)));

    assertThat(store().claimDueRouting("router", T0, LEASE, 10, EnumSet.of(OutboxKind.TEXT_BACK))).isEmpty();
    assertThat(ids(store().claimDue("sender", T0, LEASE, 10, TWILIO_TEXTS))).containsExactly("text-1");
  }

  @Test
  void claims_due_routing_work_in_due_order_up_to_the_limit() {
    insert(routing("b", OutboxKind.ROUTE_REPLY, minutes(-2)), routing("a", OutboxKind.ROUTE_REPLY, minutes(-3)),
        routing("c", OutboxKind.NOTIFY_ESCALATION, minutes(-1)), routing("later", OutboxKind.ROUTE_REPLY,
            T0.plusMillis(1)));

    assertThat(ids(store().claimDueRouting("router", T0, LEASE, 2, BOTH))).containsExactly("a", "b");
    assertThat(ids(store().claimDueRouting("router", T0, LEASE, 10, BOTH))).containsExactly("c");
    assertThat(store().claimDueRouting("router", T0, LEASE, 10, BOTH)).isEmpty();
  }

  @Test
  void a_claimed_routing_entry_carries_the_lease_and_is_not_taken_over() {
    OutboxEntry work = routing("rt-1", OutboxKind.ROUTE_REPLY, minutes(-1));
    insert(work);

    List<OutboxEntry> claimed = store().claimDueRouting("router-1", T0, LEASE, 10, BOTH);

    OutboxEntry leased = work.withLease("router-1", T0.plus(LEASE));
    assertThat(claimed).containsExactly(leased);
    assertThat(leased.possibleDuplicate()).isFalse();
    assertThat(leased.takenOver()).isFalse();
    assertThat(store().outboxEntry("rt-1")).contains(leased);
    assertThat(store().claimDueRouting("router-2", seconds(59), LEASE, 10, BOTH)).isEmpty();
  }

  @Test
  void routing_work_whose_claim_lapsed_is_taken_over_flagged_and_the_late_result_is_refused() {
    OutboxEntry work = routing("rt-1", OutboxKind.ROUTE_REPLY, minutes(-1));
    insert(work);
    OutboxEntry mine = store().claimDueRouting("router-1", T0, LEASE, 10, BOTH).get(0);

    List<OutboxEntry> theirs = store().claimDueRouting("router-2", seconds(61), LEASE, 10, BOTH);

    assertThat(theirs).containsExactly(work.takenOverBy("router-2", seconds(61).plus(LEASE)));
    assertThat(store().completeClaim("router-1", mine.routed(seconds(62)))).as("the stopped engine's result")
        .isFalse();
    assertThat(store().completeClaim("router-2", theirs.get(0).routed(seconds(63)))).isTrue();
    OutboxEntry done = store().outboxEntry("rt-1").orElseThrow();
    assertThat(done.status()).isEqualTo(OutboxStatus.SENT);
    assertThat(done.sentAt()).isEqualTo(seconds(63));
    assertThat(done.possibleDuplicate()).isTrue();
    assertThat(done.takenOver()).isFalse();
    assertThat(done.leaseOwner()).isNull();
  }

  @Test
  void routing_work_that_outlived_its_claim_cannot_overwrite_the_same_routers_new_claim() {
    insert(routing("rt-1", OutboxKind.ROUTE_REPLY, minutes(-1)));
    OutboxEntry first = store().claimDueRouting("router-1", T0, LEASE, 10, BOTH).get(0);
    OutboxEntry second = store().claimDueRouting("router-1", seconds(61), LEASE, 10, BOTH).get(0);

    assertThat(store().completeClaim(first, first.deferredTo(seconds(70), "store outage"))).isFalse();
    assertThat(store().outboxEntry("rt-1")).contains(second);
    assertThat(store().completeClaim(second, second.routed(seconds(62)))).isTrue();
    assertThat(store().outboxEntry("rt-1").orElseThrow().status()).isEqualTo(OutboxStatus.SENT);
  }

  @Test
  void a_failed_hand_over_is_claimed_again_once_its_retry_is_due() {
    insert(routing("rt-1", OutboxKind.NOTIFY_ESCALATION, minutes(-1)));
    OutboxEntry claimed = store().claimDueRouting("router-1", T0, LEASE, 10, BOTH).get(0);
    OutboxEntry retry = claimed.retryAt(seconds(4), "CRM answered 503", true, false);
    assertThat(store().completeClaim("router-1", retry)).isTrue();

    assertThat(store().claimDueRouting("router-1", seconds(3), LEASE, 10, BOTH)).isEmpty();
    List<OutboxEntry> again = store().claimDueRouting("router-2", seconds(4), LEASE, 10, BOTH);

    assertThat(again).containsExactly(retry.withLease("router-2", seconds(4).plus(LEASE)));
    assertThat(again.get(0).attempts()).isEqualTo(1);
    assertThat(again.get(0).possibleDuplicate()).isTrue();
    assertThat(again.get(0).takenOver()).isFalse();
  }

  @Test
  void racing_claimers_receive_every_routing_entry_exactly_once() throws Exception {
    int entries = 60;
    List<OutboxEntry> all = new ArrayList<>();
    for (int i = 0; i < entries; i++) {
      all.add(routing(String.format("rt-%03d", i), i % 2 == 0 ? OutboxKind.ROUTE_REPLY
          : OutboxKind.NOTIFY_ESCALATION, seconds(-entries + i)));
      all.add(pending(String.format("ob-%03d", i), seconds(-entries + i)));
    }
    write(tx -> all.forEach(tx::insertOutbox));
    TextBackStore first = store();
    TextBackStore second = other();

    List<Callable<List<String>>> claimers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String owner = "router-" + t;
      TextBackStore s = t % 2 == 0 ? first : second;
      claimers.add(() -> {
        List<String> mine = new ArrayList<>();
        for (int round = 0; round < 100; round++) {
          List<OutboxEntry> batch = s.claimDueRouting(owner, T0, Duration.ofMinutes(10), 5, BOTH);
          if (batch.isEmpty()) break;
          mine.addAll(ids(batch));
        }
        return mine;
      });
    }

    List<String> claimed = race(claimers).stream().flatMap(List::stream).collect(Collectors.toList());

    Set<String> distinct = new HashSet<>(claimed);
    assertThat(claimed).as("no entry went to two owners").hasSameSizeAs(distinct);
    assertThat(distinct).as("every routing entry and no text").isEqualTo(all.stream()
        .filter(e -> e.kind().isRouting()).map(OutboxEntry::id).collect(Collectors.toSet()));
  }
}
