package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.InboundResult;
import dev.textback.TextBack;
import dev.textback.message.InboundMessage;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.Direction;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A carrier redelivers a text whose webhook answer it did not get (a timeout, a dropped connection); the answer
 * it gets then is the only one it acts on, so it must be the same as the first: the help text again, the opt-out
 * confirmation again, and nothing for a text that had no answer. Nothing is recorded twice.
 */
class EngineInboundRedeliveryTest {
  private static final String CONFIRMATION = "You are unsubscribed from Summit Heating & Cooling. Reply START to"
      + " resubscribe.";
  private final EngineFixture f = new EngineFixture(b -> b.optOutConfirmation(CONFIRMATION));

  private List<ConversationMessage> automaticMessages(String conversationId) {
    return f.store.messages(conversationId).stream()
        .filter(m -> m.direction() == Direction.OUTBOUND && m.automatic()).toList();
  }

  @Test
  void a_redelivered_help_gets_the_same_help_text_and_it_is_recorded_once() {
    try (TextBack engine = f.engine()) {
      InboundResult first = engine.onInbound(f.text("SM1", EngineFixture.CALLER, "HELP"));
      f.clock.advance(Duration.ofSeconds(15));
      InboundResult again = engine.onInbound(f.text("SM1", EngineFixture.CALLER, "HELP"));

      assertThat(first.reply()).contains("Summit Heating & Cooling: reply here or call +13035550100. "
          + "Msg&data rates may apply. Reply STOP to opt out.");
      assertThat(again.action()).isEqualTo(InboundResult.Action.DUPLICATE);
      assertThat(again.reply()).isEqualTo(first.reply());
      assertThat(automaticMessages(first.conversationId())).hasSize(1);
    }
  }

  @Test
  void a_redelivered_stop_gets_the_same_confirmation() {
    try (TextBack engine = f.engine()) {
      InboundResult first = engine.onInbound(f.text("SM1", EngineFixture.CALLER, "STOP"));
      InboundResult again = engine.onInbound(f.text("SM1", EngineFixture.CALLER, "STOP"));

      assertThat(first.action()).isEqualTo(InboundResult.Action.OPTED_OUT);
      assertThat(first.reply()).contains(CONFIRMATION);
      assertThat(again.action()).isEqualTo(InboundResult.Action.DUPLICATE);
      assertThat(again.reply()).contains(CONFIRMATION);
      assertThat(automaticMessages(first.conversationId())).extracting(ConversationMessage::body)
          .containsExactly(CONFIRMATION);
    }
  }

  @Test
  void a_second_stop_from_a_caller_already_opted_out_gets_no_second_confirmation() {
    try (TextBack engine = f.engine()) {
      InboundResult first = engine.onInbound(f.text("SM1", EngineFixture.CALLER, "STOP"));
      f.clock.advance(Duration.ofMinutes(1));
      InboundResult second = engine.onInbound(f.text("SM2", EngineFixture.CALLER, "STOP"));

      assertThat(first.reply()).contains(CONFIRMATION);
      assertThat(second.action()).isEqualTo(InboundResult.Action.OPTED_OUT);
      assertThat(second.reply()).isEmpty();
      assertThat(automaticMessages(first.conversationId())).hasSize(1);
    }
  }

  @Test
  void a_help_the_carrier_answered_itself_gets_no_second_answer() {
    try (TextBack engine = f.engine()) {
      InboundMessage help = f.text("SM1", EngineFixture.CALLER, "HELP");
      InboundResult result = engine.onInbound(new InboundMessage(help.carrier(), help.messageId(), help.from(),
          help.to(), help.body(), help.mediaUrls(), help.receivedAt(), "HELP"));

      assertThat(result.action()).isEqualTo(InboundResult.Action.HELP);
      assertThat(result.reply()).isEmpty();
      assertThat(automaticMessages(result.conversationId())).isEmpty();
    }
  }

  @Test
  void a_redelivered_text_that_had_no_answer_gets_none() {
    try (TextBack engine = f.engine()) {
      InboundResult first = engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Is Thursday fine?"));
      InboundResult again = engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Is Thursday fine?"));

      assertThat(first.reply()).isEmpty();
      assertThat(again.action()).isEqualTo(InboundResult.Action.DUPLICATE);
      assertThat(again.reply()).isEmpty();
    }
  }

  @Test
  void another_text_with_the_same_words_is_answered_on_its_own() {
    try (TextBack engine = f.engine()) {
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "HELP"));
      InboundResult second = engine.onInbound(f.text("SM2", EngineFixture.OTHER_CALLER, "HELP"));

      assertThat(second.action()).isEqualTo(InboundResult.Action.HELP);
      assertThat(second.reply()).isPresent();
    }
  }
}
