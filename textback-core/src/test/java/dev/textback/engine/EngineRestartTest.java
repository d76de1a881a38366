package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBack;
import dev.textback.spi.SendRequest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EngineRestartTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void texts_pending_when_an_engine_closes_are_sent_once_by_the_next_engine_on_the_same_store() {
    TextBack first = f.engineBuilder().instanceId("first").build();
    first.onCall(f.missedCall("CA1", EngineFixture.CALLER));
    first.onCall(f.missedCall("CA2", EngineFixture.OTHER_CALLER));
    first.close(); // never started: both texts are still in the outbox
    assertThat(f.gateway.sent()).isEmpty();

    try (TextBack second = f.engineBuilder().instanceId("second").build()) {
      second.runDueWork();
      second.runDueWork();
    }
    List<String> recipients = f.gateway.sent().stream().map(r -> r.to().e164()).sorted().collect(Collectors.toList());
    assertThat(recipients).containsExactly(EngineFixture.CALLER, EngineFixture.OTHER_CALLER);
  }

  @Test
  void a_claim_left_by_a_crashed_engine_is_taken_over_after_its_lease_and_flagged() {
    // An engine claimed the entry and died before recording a result.
    try (TextBack engine = f.engineBuilder().instanceId("survivor").build()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      f.store.claimDue("crashed", f.clock.instant(), Duration.ofMinutes(2), 10, EngineFixture.TWILIO_TEXTS);

      engine.runDueWork();
      assertThat(f.gateway.sent()).isEmpty();

      f.clock.advance(Duration.ofMinutes(2));
      engine.runDueWork();
      assertThat(f.gateway.sent()).as("the lease is held up to and including its last instant").isEmpty();

      f.clock.advance(Duration.ofMillis(1));
      engine.runDueWork();
      List<SendRequest> sent = f.gateway.sent();
      assertThat(sent).hasSize(1);
      assertThat(f.store.outboxEntry(sent.get(0).idempotencyKey()).orElseThrow().possibleDuplicate()).isTrue();
    }
  }
}
