package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.TextBackListener;
import dev.textback.phone.PhoneNumber;
import dev.textback.message.PermanentFailureReason;
import dev.textback.phone.CarrierId;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.RoutedReply;
import dev.textback.spi.SendException;
import dev.textback.spi.StoreUnavailableException;
import dev.textback.spi.TextBackStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A store outage as a send starts (the opt-out check meets a database restart) delays the text by the outage,
 * not by the lease: it goes out in the same pass, once, without the possible-duplicate flag. When the outage
 * outlasts what a send waits for, or meets the result of an attempt, the result is kept and stored once the store
 * is back, unless another engine claimed the entry since: the text is not held back for the rest of the lease and
 * then taken over. The same holds for routing work handed to the reply router.
 */
class SendThroughStoreOutageTest {
  private final EngineFixture f = new EngineFixture();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  /** While true, transactions and claim completions fail as in an outage; claims still succeed. */
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger completionFailuresLeft = new AtomicInteger();
  /** While true, reads of a conversation fail as in an outage; counted either way. */
  private final AtomicBoolean conversationReadsDown = new AtomicBoolean();
  private final AtomicInteger conversationReads = new AtomicInteger();
  /** While true, claim completions fail as in an outage; everything else works. */
  private final AtomicBoolean completionsDown = new AtomicBoolean();
  /** While true, claim completions store the due time to the microsecond, as the JDBC stores keep instants. */
  private final AtomicBoolean microsecondStore = new AtomicBoolean();
  /** Claim completions that are stored and then fail as if the connection dropped before the answer came. */
  private final AtomicInteger answersLostLeft = new AtomicInteger();

  /**
   * The fixture's store, unavailable for the next {@code failuresLeft} transactions, for the next
   * {@code completionFailuresLeft} claim completions, and for both while {@code down}.
   */
  private final TextBackStore flaky = (TextBackStore) Proxy.newProxyInstance(getClass().getClassLoader(),
      new Class<?>[] {TextBackStore.class}, (proxy, method, args) -> {
        if (method.getName().equals("inTransaction")
            && (down.get() || failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0)) {
          throw new StoreUnavailableException("connection refused", null);
        }
        if (method.getName().equals("conversation")) {
          conversationReads.incrementAndGet();
          if (conversationReadsDown.get()) throw new StoreUnavailableException("connection refused", null);
        }
        if (method.getName().equals("completeClaim")
            && (down.get() || completionsDown.get() || completionFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0)) {
          throw new StoreUnavailableException("connection refused", null);
        }
        if (method.getName().equals("completeClaim") && microsecondStore.get()) {
          OutboxEntry updated = (OutboxEntry) args[1];
          args[1] = updated.toBuilder().dueAt(updated.dueAt().truncatedTo(ChronoUnit.MICROS)).build();
        }
        Object result;
        try {
          result = method.invoke(f.store, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
        if (method.getName().equals("completeClaim") && answersLostLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          throw new StoreUnavailableException("connection reset after the commit", null);
        }
        return result;
      });

  @Test
  void a_text_whose_opt_out_check_meets_a_short_outage_goes_out_in_the_same_pass_unflagged() {
    try (TextBack engine = f.engineBuilder().store(flaky).build()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      failuresLeft.set(2);

      engine.runDueWork();

      assertSentOnceUnflagged(d);
      assertThat(failuresLeft.get()).as("the outage was met").isZero();
    }
  }

  @Test
  void a_text_whose_store_stays_down_past_the_wait_before_sending_goes_out_once_the_store_is_back() {
    try (TextBack engine = shortLeaseEngine()) {
      CallDecision d = callClaimedInAnOutage(engine);

      assertThat(f.gateway.attempts()).isEmpty();
      assertThat(f.store.outboxEntry(d.outboxId()).orElseThrow().leaseUntil()).as("still claimed").isNotNull();

      down.set(false);
      engine.runDueWork(); // same instant: the claim has not lapsed

      assertSentOnceUnflagged(d);
    }
  }

  @Test
  void a_refused_attempt_whose_reschedule_meets_an_outage_is_rescheduled_once_the_store_is_back() {
    f.gateway.failNext(SendException.builder(CarrierId.of("twilio"), "503 from carrier").httpStatus(503).notSent());
    try (TextBack engine = f.engineBuilder().store(flaky).build()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      completionFailuresLeft.set(1);

      engine.runDueWork(); // the attempt is refused; storing its reschedule meets the outage
      assertThat(f.store.outboxEntry(d.outboxId()).orElseThrow().attempts()).as("nothing stored yet").isZero();

      engine.runDueWork(); // the store is back: the reschedule is stored, with the claim given back

      OutboxEntry rescheduled = f.store.outboxEntry(d.outboxId()).orElseThrow();
      assertThat(rescheduled.attempts()).isEqualTo(1);
      assertThat(rescheduled.leaseUntil()).isNull();
      assertThat(rescheduled.dueAt()).isAfter(f.clock.instant());

      f.clock.advance(Duration.ofMinutes(1)); // past the backoff, well within the 2-minute lease of the first claim
      engine.runDueWork();

      OutboxEntry entry = f.store.outboxEntry(d.outboxId()).orElseThrow();
      assertThat(f.gateway.attempts()).hasSize(2);
      assertThat(f.gateway.sent()).hasSize(1);
      assertThat(entry.status()).isEqualTo(OutboxStatus.SENT);
      assertThat(entry.possibleDuplicate()).isFalse();
    }
  }

  @Test
  void a_claim_kept_through_an_outage_is_given_back_when_the_engine_closes_with_the_store_back() {
    CallDecision d;
    try (TextBack engine = shortLeaseEngine()) {
      d = callClaimedInAnOutage(engine);
      down.set(false);
    } // closed without another pass

    OutboxEntry entry = f.store.outboxEntry(d.outboxId()).orElseThrow();
    assertThat(f.gateway.attempts()).isEmpty();
    assertThat(entry.status()).isEqualTo(OutboxStatus.PENDING);
    assertThat(entry.leaseUntil()).as("claim given back, so the next engine sends it at once").isNull();
  }

  @Test
  void a_claim_kept_through_an_outage_longer_than_its_lease_is_given_back_unflagged_when_no_one_took_it() {
    try (TextBack engine = shortLeaseEngine()) {
      CallDecision d = callClaimedInAnOutage(engine);
      f.clock.advance(Duration.ofSeconds(3)); // the claim's lease has run out meanwhile
      down.set(false);

      engine.runDueWork();

      assertSentOnceUnflagged(d); // given back by its owner, not taken over
    }
  }

  @Test
  void a_permanent_failure_stored_although_its_answer_was_lost_remembers_the_number_and_tells_the_host_once() {
    f.gateway.failNext(SendException.builder(CarrierId.of("twilio"), "landline").httpStatus(400).carrierCode("30006")
        .permanent(PermanentFailureReason.NOT_MOBILE));
    List<OutboxEntry> toldFailed = new CopyOnWriteArrayList<>();
    TextBackListener listener = new TextBackListener() {
      @Override
      public void onSendFailed(OutboxEntry entry, SendException error, boolean willRetry) {
        if (!willRetry) toldFailed.add(entry);
      }
    };
    try (TextBack engine = f.engineBuilder().store(flaky).listener(listener).build()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      answersLostLeft.set(1);

      engine.runDueWork(); // the FAILED result is stored, but the engine hears the store is unavailable
      assertThat(toldFailed).as("not told before the failure is known to be stored").isEmpty();

      engine.runDueWork(); // the store answers again: the result turns out to be stored already

      assertThat(f.store.outboxEntry(d.outboxId()).orElseThrow().status()).isEqualTo(OutboxStatus.FAILED);
      assertThat(f.store.inTransaction(tx -> tx.findUnreachable(PhoneNumber.of(EngineFixture.CALLER)))
          .orElseThrow().reason()).isEqualTo(PermanentFailureReason.NOT_MOBILE);
      assertThat(toldFailed).hasSize(1);
      engine.runDueWork();
      assertThat(toldFailed).as("told once").hasSize(1);
      assertThat(f.gateway.attempts()).hasSize(1);
    }
  }

  @Test
  void a_reschedule_stored_to_the_microsecond_although_its_answer_was_lost_is_recognised_as_stored() {
    f.gateway.failNext(SendException.builder(CarrierId.of("twilio"), "503 from carrier").httpStatus(503).notSent());
    f.clock.advance(Duration.ofNanos(123_456_789)); // a clock with nanoseconds, as Java's system clock on Linux
    microsecondStore.set(true);
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (TextBack engine = f.engineBuilder().store(flaky).build()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      answersLostLeft.set(1);
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));

      engine.runDueWork(); // the reschedule is stored, but the engine hears the store is unavailable
      engine.runDueWork(); // the store answers again: the reschedule turns out to be stored already

      assertThat(f.store.outboxEntry(d.outboxId()).orElseThrow().attempts()).isEqualTo(1);
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("result stored now that the store is back").doesNotContain("the result is dropped");
  }

  @Test
  void routing_work_whose_reads_meet_an_outage_waits_before_it_is_tried_again_and_is_handed_over_once() {
    List<RoutedReply> routed = new CopyOnWriteArrayList<>();
    try (TextBack engine = f.engineBuilder().store(flaky).replyRouter(routed::add).build()) {
      replyWhile(conversationReadsDown, engine);

      assertThat(routed).isEmpty();
      assertThat(conversationReads.get()).as("tries while the reads fail, not a tight loop").isBetween(1, 3);

      conversationReadsDown.set(false);
      f.clock.advance(Duration.ofSeconds(6));
      engine.runDueWork();
    }

    assertRoutedOnceUnflagged(routed);
  }

  @Test
  void a_reply_handed_to_the_router_while_the_store_is_down_is_recorded_once_it_is_back_and_not_handed_over_again() {
    List<RoutedReply> routed = new CopyOnWriteArrayList<>();
    try (TextBack engine = f.engineBuilder().store(flaky).replyRouter(routed::add).build()) {
      replyWhile(completionsDown, engine); // handed over; recording it meets the outage

      completionsDown.set(false);
      engine.runDueWork();
      f.clock.advance(Duration.ofMinutes(5)); // past the 2-minute lease: a claim still held would be taken over
      engine.runDueWork();
    }

    assertRoutedOnceUnflagged(routed);
    assertThat(f.store.claimDueRouting("probe", Instant.parse("9999-01-01T00:00:00Z"), Duration.ofSeconds(1), 10,
        EnumSet.of(OutboxKind.ROUTE_REPLY))).as("routing work left").isEmpty();
  }

  /** An engine on the flaky store whose 2 s lease bounds a send's wait for the store to 1 s of real time. */
  private TextBack shortLeaseEngine() {
    return f.engineBuilder().store(flaky).lease(Duration.ofSeconds(2)).build();
  }

  private void assertSentOnceUnflagged(CallDecision d) {
    OutboxEntry entry = f.store.outboxEntry(d.outboxId()).orElseThrow();
    assertThat(f.gateway.sent()).hasSize(1);
    assertThat(entry.status()).isEqualTo(OutboxStatus.SENT);
    assertThat(entry.possibleDuplicate()).as("flagged as a possible duplicate").isFalse();
  }

  /**
   * A missed call whose text is claimed as the store goes down: the pass cannot check the opt-out list or give the
   * claim back. The store stays down.
   */
  private CallDecision callClaimedInAnOutage(TextBack engine) {
    CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
    down.set(true);
    engine.runDueWork();
    return d;
  }

  /**
   * A missed call texted back, then the caller's reply arriving with {@code outage} on, and a pass over it; the
   * conversation reads are counted from the reply on.
   */
  private void replyWhile(AtomicBoolean outage, TextBack engine) {
    engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
    engine.runDueWork();
    outage.set(true);
    conversationReads.set(0);
    engine.onInbound(f.text("SM1", EngineFixture.CALLER, "AC is blowing warm air"));
    engine.runDueWork();
  }

  private static void assertRoutedOnceUnflagged(List<RoutedReply> routed) {
    assertThat(routed).hasSize(1);
    assertThat(routed.get(0).possibleDuplicate()).isFalse();
  }
}
