package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.CallDecision;
import dev.textback.InboundResult;
import dev.textback.TextBack;
import dev.textback.routing.InMemoryInbox;
import dev.textback.rules.Reason;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EngineOptOutTest {
  private final EngineFixture f = new EngineFixture();
  private final InMemoryInbox inbox = new InMemoryInbox(100);

  private TextBack engine() {
    return f.engineBuilder().replyRouter(inbox).routingExecutor(new DirectExecutorService()).build();
  }

  @Test
  void stop_means_no_text_for_the_next_missed_call() {
    try (TextBack engine = engine()) {
      InboundResult stop = engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Stop!"));
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork();

      assertThat(stop.action()).isEqualTo(InboundResult.Action.OPTED_OUT);
      assertThat(d.reason()).isEqualTo(Reason.SKIPPED_OPTED_OUT);
      assertThat(f.gateway.sent()).isEmpty();
      assertThat(inbox.items()).isEmpty();
    }
  }

  @Test
  void start_after_stop_texts_again() {
    try (TextBack engine = engine()) {
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "STOP"));
      InboundResult start = engine.onInbound(f.text("SM2", EngineFixture.CALLER, "start"));
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork();

      assertThat(start.action()).isEqualTo(InboundResult.Action.OPTED_IN);
      assertThat(d.reason()).isEqualTo(Reason.TEXT);
      assertThat(f.gateway.sent()).hasSize(1);
    }
  }

  @Test
  void stop_withdraws_a_text_still_waiting_to_be_sent() {
    try (TextBack engine = engine()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "unsubscribe"));
      engine.runDueWork();

      assertThat(f.gateway.sent()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Stop, please", "STOP. Thank you", "I want to unsubscribe", "PARA"})
  void a_clear_opt_out_in_other_words_withdraws_the_waiting_text_and_the_next_call_gets_none(String body) {
    try (TextBack engine = engine()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      InboundResult stop = engine.onInbound(f.text("SM1", EngineFixture.CALLER, body));
      f.clock.advance(java.time.Duration.ofDays(2)); // past the cooldown
      CallDecision next = engine.onCall(f.missedCall("CA2", EngineFixture.CALLER));
      engine.runDueWork();

      assertThat(stop.action()).isEqualTo(InboundResult.Action.OPTED_OUT);
      assertThat(next.reason()).isEqualTo(Reason.SKIPPED_OPTED_OUT);
      assertThat(f.gateway.sent()).isEmpty();
    }
  }

  @Test
  void help_gets_the_help_text_and_never_reaches_the_router() {
    try (TextBack engine = engine()) {
      InboundResult help = engine.onInbound(f.text("SM1", EngineFixture.CALLER, "HELP"));

      assertThat(help.action()).isEqualTo(InboundResult.Action.HELP);
      assertThat(help.reply()).contains("Summit Heating & Cooling: reply here or call +13035550100. "
          + "Msg&data rates may apply. Reply STOP to opt out.");
      assertThat(inbox.items()).isEmpty();
    }
  }

  @Test
  void an_ordinary_reply_reaches_the_router_once_even_when_redelivered() {
    try (TextBack engine = engine()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      InboundResult first = engine.onInbound(f.text("SM1", EngineFixture.CALLER, "My furnace is out"));
      InboundResult again = engine.onInbound(f.text("SM1", EngineFixture.CALLER, "My furnace is out"));

      assertThat(first.action()).isEqualTo(InboundResult.Action.ROUTED);
      assertThat(again.action()).isEqualTo(InboundResult.Action.DUPLICATE);
      assertThat(inbox.items()).hasSize(1);
      assertThat(inbox.items().get(0).message().body()).isEqualTo("My furnace is out");
      assertThat(inbox.items().get(0).conversation().needsReply()).isTrue();
    }
  }

  @Test
  void help_answers_stop_after_three_automatic_messages_in_an_hour() {
    try (TextBack engine = engine()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER)); // the text-back is automatic message 1
      InboundResult h1 = engine.onInbound(f.text("SM1", EngineFixture.CALLER, "help"));
      InboundResult h2 = engine.onInbound(f.text("SM2", EngineFixture.CALLER, "help"));
      InboundResult h3 = engine.onInbound(f.text("SM3", EngineFixture.CALLER, "help"));
      f.clock.advance(Duration.ofMinutes(61));
      InboundResult h4 = engine.onInbound(f.text("SM4", EngineFixture.CALLER, "help"));

      assertThat(h1.reply()).isPresent();
      assertThat(h2.reply()).isPresent();
      assertThat(h3.reply()).isEmpty();
      assertThat(h4.reply()).isPresent();
    }
  }

  @Test
  void an_auto_responder_gets_no_automatic_answer() {
    try (TextBack engine = engine()) {
      InboundResult r = engine.onInbound(f.text("SM1", EngineFixture.CALLER,
          "INFO: I'm driving with Do Not Disturb on. I'll see your message when I get where I'm going."));

      assertThat(r.reply()).isEmpty();
    }
  }

  @Test
  void replying_to_an_opted_out_caller_is_refused() {
    try (TextBack engine = engine()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "STOP"));

      assertThatThrownBy(() -> engine.reply(d.conversationId(), "Hello?", "amy"))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("opted out");
    }
  }
}
