package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.InboundResult;
import dev.textback.TextBack;
import dev.textback.phone.PhoneNumber;
import dev.textback.routing.OwnerSmsEscalationNotifier;
import dev.textback.routing.OwnerSmsForwardRouter;
import dev.textback.spi.SendRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The owner's forwards come from the business number, so the owner's phone answers that number: an auto-reply
 * ("I'm driving") or the owner answering a forward. That is no caller waiting: it is not forwarded back to the owner
 * (an owner phone that auto-replies to each text would loop without end), nor does it wait or escalate.
 */
class EngineOwnerTextTest {
  private static final PhoneNumber OWNER = PhoneNumber.of("+13035550199");
  private static final String DRIVING =
      "I'm driving with Do Not Disturb on. I'll see your message when I get where I'm going.";

  @Test
  void the_owners_own_texts_to_the_business_number_are_not_forwarded_back_nor_escalated() {
    EngineFixture f = new EngineFixture(b -> b.ownerPhone(OWNER.e164()));
    try (TextBack engine = f.engineBuilder().replyRouter(new OwnerSmsForwardRouter())
        .escalationNotifier(new OwnerSmsEscalationNotifier()).build()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork();
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Can someone come today?"));
      engine.runDueWork();
      InboundResult auto = null;
      for (int round = 0; round < 3; round++) {
        auto = engine.onInbound(f.text("SM-auto-" + round, OWNER.e164(), DRIVING));
        engine.runDueWork();
      }
      f.clock.advance(Duration.ofHours(1));
      engine.runDueWork();

      List<SendRequest> toOwner = f.gateway.sent().stream().filter(r -> r.to().equals(OWNER)).toList();
      // The caller's reply is forwarded, and escalated when nobody answered it; nothing of the owner's own.
      assertThat(toOwner).hasSize(2).allSatisfy(r -> assertThat(r.body()).doesNotContain("driving"));
      assertThat(engine.conversation(auto.conversationId()).orElseThrow().needsReply()).isFalse();
    }
  }
}
