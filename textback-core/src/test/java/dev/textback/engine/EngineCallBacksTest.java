package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.TextBack;
import dev.textback.phone.PhoneNumber;
import dev.textback.routing.InMemoryInbox;
import dev.textback.rules.Reason;
import dev.textback.spi.CallActivity;
import dev.textback.spi.OutboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's call list and "call these back" list, fed real calls and texts. */
class EngineCallBacksTest {
  private static final String THIRD_CALLER = "+16175550199";
  private final EngineFixture f = new EngineFixture();
  private final InMemoryInbox inbox = new InMemoryInbox(100);

  private TextBack engine() {
    return f.engineBuilder().replyRouter(inbox).routingExecutor(new DirectExecutorService()).build();
  }

  private static List<String> callers(List<CallActivity> list) {
    return list.stream().map(a -> a.call().caller().e164()).toList();
  }

  @Test
  void lists_texted_callers_who_neither_replied_nor_opted_out_newest_first() {
    try (TextBack engine = engine()) {
      Instant start = f.clock.instant();
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      f.clock.advance(Duration.ofMinutes(1));
      engine.onCall(f.missedCall("CA2", EngineFixture.OTHER_CALLER));
      f.clock.advance(Duration.ofMinutes(1));
      engine.onCall(f.missedCall("CA3", THIRD_CALLER));
      engine.runDueWork();
      f.clock.advance(Duration.ofMinutes(5));
      engine.onInbound(f.text("SM1", EngineFixture.OTHER_CALLER, "Can you come tomorrow?"));
      engine.onInbound(f.text("SM2", THIRD_CALLER, "STOP"));

      assertThat(callers(engine.callBacks("summit", start, 10))).containsExactly(EngineFixture.CALLER);
      // The call list still shows all three, with their texts and the reply.
      List<CallActivity> calls = engine.calls("summit", start, f.clock.instant(), 10);
      assertThat(callers(calls)).containsExactly(THIRD_CALLER, EngineFixture.OTHER_CALLER, EngineFixture.CALLER);
      assertThat(calls).allSatisfy(a -> {
        assertThat(a.call().reason()).isEqualTo(Reason.TEXT);
        assertThat(a.textBack()).hasValueSatisfying(t -> assertThat(t.status()).isEqualTo(OutboxStatus.SENT));
      });
      assertThat(calls.get(1).callerRepliedAt()).isPresent();
    }
  }

  @Test
  void a_caller_marked_called_back_leaves_the_list_at_the_engine_clocks_time() {
    try (TextBack engine = engine()) {
      Instant start = f.clock.instant();
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork();
      f.clock.advance(Duration.ofMinutes(20));

      Instant at = engine.markCalledBack("summit", PhoneNumber.of(EngineFixture.CALLER), "dave");

      assertThat(at).isEqualTo(start.plus(Duration.ofMinutes(20)));
      assertThat(engine.callBacks("summit", start, 10)).isEmpty();
      assertThat(engine.calls("summit", start, at, 10)).singleElement()
          .satisfies(a -> assertThat(a.calledBackBy()).contains("dave"));
    }
  }

  @Test
  void an_unknown_business_is_refused() {
    try (TextBack engine = engine()) {
      Instant now = f.clock.instant();
      assertThatThrownBy(() -> engine.callBacks("nobody", now, 10)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("nobody");
      assertThatThrownBy(() -> engine.calls("nobody", now, now, 10)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> engine.markCalledBack("nobody", PhoneNumber.of(EngineFixture.CALLER), null))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
