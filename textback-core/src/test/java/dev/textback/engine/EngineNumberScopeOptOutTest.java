package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.message.InboundMessage;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import dev.textback.policy.OptOutScope;
import dev.textback.spi.OutboxStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OptOutScope.NUMBER: "Only the business number the caller texted STOP to." A STOP to one number must not withdraw a
 * text-back waiting to go out from another number of the same business.
 */
class EngineNumberScopeOptOutTest {
  private static final PhoneNumber SECOND_NUMBER = PhoneNumber.of("+13035550101");

  @Test
  void a_stop_to_one_number_leaves_the_text_back_from_another_number_of_the_business() {
    EngineFixture f = new EngineFixture(b -> b.number(SECOND_NUMBER.e164()).optOutScope(OptOutScope.NUMBER)
        .sendDelay(Duration.ofMinutes(2)));
    try (TextBack engine = f.engine()) {
      CallEvent toSecond = CallEvent.builder().carrier(CarrierId.of("twilio")).callId("CA1")
          .dialled(SECOND_NUMBER).caller(EngineFixture.CALLER).startedAt(f.clock.instant())
          .outcome(CallOutcome.NO_ANSWER).build();
      CallDecision d = engine.onCall(toSecond);
      assertThat(d.texted()).isTrue();

      // The caller opts out of the first number only (e.g. answering an older text from it).
      engine.onInbound(new InboundMessage(CarrierId.of("twilio"), "SM1", PhoneNumber.of(EngineFixture.CALLER),
          EngineFixture.BUSINESS_NUMBER, "STOP", List.of(), f.clock.instant(), null));

      f.clock.advance(Duration.ofMinutes(2));
      engine.runDueWork();

      assertThat(f.store.outboxEntry(d.outboxId()).orElseThrow().status())
          .as("the text-back from the number the caller did not opt out of").isNotEqualTo(OutboxStatus.CANCELED);
      assertThat(f.gateway.sent()).extracting(r -> r.from()).containsExactly(SECOND_NUMBER);
    }
  }
}
