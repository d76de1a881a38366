package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBack;
import dev.textback.phone.PhoneNumber;
import dev.textback.routing.OwnerSmsEscalationNotifier;
import dev.textback.routing.OwnerSmsForwardRouter;
import dev.textback.spi.Escalation;
import dev.textback.spi.EscalationNotifier;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.ReplyRouter;
import dev.textback.spi.RoutedReply;
import dev.textback.spi.SendRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two engines on one store, the first of which stops at the worst moment: right after the reply's transaction
 * committed, or in the middle of handing it over. Nothing is lost, and what goes out twice says so.
 */
class EngineRoutingCrashTest {
  private static final String OWNER = "+13035550199";
  /** The engines' default lease. */
  private static final Duration LEASE = Duration.ofMinutes(2);

  private final EngineFixture f = new EngineFixture(b -> b.ownerPhone(OWNER));

  private TextBack.Builder engine(String id) {
    return f.engineBuilder().instanceId(id);
  }

  private List<String> textsTo(String number) {
    return f.gateway.sent().stream().filter(r -> r.to().equals(PhoneNumber.of(number))).map(SendRequest::body)
        .toList();
  }

  private int routingWorkLeft() {
    return f.store.claimDueRouting("probe", Instant.parse("9999-01-01T00:00:00Z"), Duration.ofSeconds(1), 100,
        EnumSet.of(OutboxKind.ROUTE_REPLY, OutboxKind.NOTIFY_ESCALATION)).size();
  }

  @Test
  void a_reply_committed_by_an_engine_killed_before_routing_it_is_routed_by_another() {
    RoutingRecorder crmSeenByA = RoutingRecorder.recording();
    RoutingRecorder crmSeenByB = RoutingRecorder.recording();
    StalledExecutorService killed = new StalledExecutorService();
    TextBack a = engine("engine-a").replyRouter(crmSeenByA).routingExecutor(killed).build();
    String messageId;
    try {
      a.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      String conversationId = a.onInbound(f.text("SM1", EngineFixture.CALLER, "Leaking tap")).conversationId();
      messageId = a.messages(conversationId).get(1).id();
      assertThat(killed.accepted()).as("routing was asked for and never ran").isEqualTo(1);
    } finally {
      a.close();
    }

    try (TextBack b = engine("engine-b").replyRouter(crmSeenByB).build()) {
      b.runDueWork();
      f.clock.advance(LEASE.multipliedBy(3));
      b.runDueWork();
    }

    assertThat(crmSeenByA.replies).isEmpty();
    assertThat(crmSeenByB.replies).hasSize(1);
    RoutedReply routed = crmSeenByB.replies.get(0);
    assertThat(routed.message().id()).isEqualTo(messageId);
    assertThat(routed.message().body()).isEqualTo("Leaking tap");
    assertThat(routed.possibleDuplicate()).as("nobody had it before").isFalse();
    assertThat(routingWorkLeft()).isZero();
  }

  @Test
  void a_route_cut_off_midway_is_taken_over_after_the_lease_and_flagged_as_a_possible_duplicate() throws Exception {
    RoutingRecorder stuck = RoutingRecorder.hanging();
    RoutingRecorder crmSeenByB = RoutingRecorder.recording();
    TextBack a = engine("engine-a").replyRouter(stuck).drainTimeout(Duration.ofSeconds(5)).build();
    TextBack b = engine("engine-b").replyRouter(crmSeenByB).build();
    try {
      a.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      a.onInbound(f.text("SM1", EngineFixture.CALLER, "Leaking tap"));
      assertThat(stuck.awaitEntered()).isTrue();

      b.runDueWork();
      assertThat(crmSeenByB.replies).as("engine A's claim still holds").isEmpty();

      f.clock.advance(LEASE.plusSeconds(1));
      b.runDueWork();
      assertThat(crmSeenByB.replies).hasSize(1);

      stuck.release(); // engine A comes back to life too late: its result is refused
      a.close();
      f.clock.advance(LEASE.multipliedBy(3));
      b.runDueWork();
    } finally {
      a.close();
      b.close();
    }

    RoutedReply retaken = crmSeenByB.replies.get(0);
    assertThat(retaken.possibleDuplicate()).isTrue();
    assertThat(retaken.message().id()).as("the same dedupe key").isEqualTo(stuck.replies.get(0).message().id());
    assertThat(stuck.replies.get(0).possibleDuplicate()).isFalse();
    assertThat(crmSeenByB.replies).hasSize(1);
    assertThat(routingWorkLeft()).isZero();
  }

  @Test
  void an_owner_forward_goes_out_once_when_the_engine_that_queued_it_stopped_mid_route() throws Exception {
    RoutingRecorder stuck = RoutingRecorder.hanging();
    // Engine A forwards to the owner, then hangs in the next router of its chain, as a killed process would.
    ReplyRouter forwardThenHang = reply -> {
      new OwnerSmsForwardRouter().route(reply);
      stuck.route(reply);
    };
    TextBack a = engine("engine-a").replyRouter(forwardThenHang).drainTimeout(Duration.ofSeconds(5)).build();
    TextBack b = engine("engine-b").replyRouter(new OwnerSmsForwardRouter()).build();
    try {
      a.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      a.onInbound(f.text("SM1", EngineFixture.CALLER, "Leaking tap"));
      assertThat(stuck.awaitEntered()).isTrue();
      b.runDueWork();

      f.clock.advance(LEASE.plusSeconds(1));
      b.runDueWork();
      b.runDueWork();
      stuck.release();
      a.close();
      f.clock.advance(LEASE.multipliedBy(3));
      b.runDueWork();
    } finally {
      a.close();
      b.close();
    }

    assertThat(textsTo(OWNER)).hasSize(1).allSatisfy(t -> assertThat(t).endsWith(": Leaking tap"));
    assertThat(textsTo(EngineFixture.CALLER)).as("the text-back").hasSize(1);
    assertThat(routingWorkLeft()).isZero();
  }

  @Test
  void an_escalation_goes_out_once_across_two_engines_when_the_first_stopped_mid_notification() throws Exception {
    RoutingRecorder stuck = RoutingRecorder.hanging();
    RoutingRecorder seenByB = RoutingRecorder.recording();
    EscalationNotifier ownerThenHang = escalation -> {
      new OwnerSmsEscalationNotifier().escalate(escalation);
      stuck.escalate(escalation);
    };
    EscalationNotifier ownerAndRecord = escalation -> {
      new OwnerSmsEscalationNotifier().escalate(escalation);
      seenByB.escalate(escalation);
    };
    TextBack a = engine("engine-a").escalationNotifier(ownerThenHang).drainTimeout(Duration.ofSeconds(5)).build();
    TextBack b = engine("engine-b").escalationNotifier(ownerAndRecord).build();
    CompletableFuture<Integer> passOfA = null;
    try {
      a.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      a.onInbound(f.text("SM1", EngineFixture.CALLER, "Can you come today?"));
      f.clock.advance(Duration.ofMinutes(10));
      passOfA = CompletableFuture.supplyAsync(a::runDueWork); // escalates, then hangs in the notifier
      assertThat(stuck.awaitEntered()).isTrue();
      b.runDueWork();
      assertThat(seenByB.escalations).as("escalated once, and engine A's claim still holds").isEmpty();

      f.clock.advance(LEASE.plusSeconds(1));
      b.runDueWork();
      b.runDueWork();
      stuck.release();
      passOfA.get(30, TimeUnit.SECONDS);
      a.close();
      f.clock.advance(LEASE.multipliedBy(3));
      b.runDueWork();
    } finally {
      stuck.release();
      a.close();
      b.close();
    }

    List<String> toOwner = textsTo(OWNER);
    assertThat(toOwner).hasSize(1);
    assertThat(toOwner.get(0)).isEqualTo("Summit Heating & Cooling: a caller (+1 212...0123) replied 10 min ago and"
        + " is waiting: \"Can you come today?\"");
    assertThat(seenByB.escalations).hasSize(1);
    Escalation retaken = seenByB.escalations.get(0);
    assertThat(retaken.possibleDuplicate()).isTrue();
    assertThat(retaken.id()).as("the same dedupe key").isEqualTo(stuck.escalations.get(0).id());
    assertThat(retaken.waited()).isEqualTo(Duration.ofMinutes(10));
    assertThat(routingWorkLeft()).isZero();
  }

  @Test
  void two_engines_scanning_at_once_escalate_a_waiting_reply_once() throws Exception {
    RoutingRecorder seen = RoutingRecorder.recording();
    EscalationNotifier owner = new OwnerSmsEscalationNotifier();
    EscalationNotifier both = escalation -> {
      owner.escalate(escalation);
      seen.escalate(escalation);
    };
    try (TextBack a = engine("engine-a").escalationNotifier(both).build();
        TextBack b = engine("engine-b").escalationNotifier(both).build()) {
      for (int i = 0; i < 5; i++) {
        String caller = String.format("+1212555%04d", 2000 + i);
        a.onCall(f.missedCall("CA" + i, caller));
        b.onInbound(f.text("SM" + i, caller, "Hello?"));
      }
      f.clock.advance(Duration.ofMinutes(10));
      CompletableFuture<Integer> passOfA = CompletableFuture.supplyAsync(a::runDueWork);
      b.runDueWork();
      passOfA.get(30, TimeUnit.SECONDS);
      a.runDueWork();
      b.runDueWork();
    }

    assertThat(seen.escalations).hasSize(5);
    assertThat(seen.escalations).extracting(Escalation::possibleDuplicate).containsOnly(false);
    assertThat(textsTo(OWNER)).hasSize(5);
    assertThat(routingWorkLeft()).isZero();
  }
}
