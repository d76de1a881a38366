package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.call.CallEvent;
import dev.textback.phone.CarrierId;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import org.junit.jupiter.api.Test;

/**
 * Engines with different carriers on one store (one Twilio, one Vonage, in two processes on one database): each
 * claims only the texts it has a gateway for, so neither takes the other's texts and puts them off.
 */
class EngineCarriersOnOneStoreTest {
  private static final CarrierId VONAGE = CarrierId.of("vonage");

  private final EngineFixture f = new EngineFixture();
  private final ScriptedGateway vonage = new ScriptedGateway(VONAGE);

  private TextBack twilioEngine() {
    return f.engineBuilder().instanceId("twilio-engine").build();
  }

  private TextBack vonageEngine() {
    return TextBack.builder().businesses(dev.textback.business.BusinessDirectory.of(f.business)).store(f.store)
        .gateway(vonage).clock(f.clock).instanceId("vonage-engine").build();
  }

  private CallEvent vonageCall(String callId, String caller) {
    return f.missedCall(callId, caller).toBuilder().carrier(VONAGE).build();
  }

  @Test
  void an_engine_leaves_the_texts_of_a_carrier_it_has_no_gateway_for_untouched() {
    try (TextBack twilio = twilioEngine(); TextBack other = vonageEngine()) {
      CallDecision d = other.onCall(vonageCall("vonage-call-1", EngineFixture.CALLER));
      OutboxEntry queued = f.store.outboxEntry(d.outboxId()).orElseThrow();

      twilio.runDueWork();

      assertThat(f.store.outboxEntry(d.outboxId())).as("not claimed, not rescheduled").contains(queued);
      other.runDueWork();
      assertThat(vonage.sent()).singleElement().satisfies(r -> assertThat(r.idempotencyKey()).isEqualTo(d.outboxId()));
      assertThat(f.store.outboxEntry(d.outboxId()).orElseThrow().status()).isEqualTo(OutboxStatus.SENT);
    }
  }

  @Test
  void each_engine_sends_the_texts_of_its_own_carrier() {
    try (TextBack twilio = twilioEngine(); TextBack other = vonageEngine()) {
      CallDecision viaTwilio = twilio.onCall(f.missedCall("twilio-call-1", EngineFixture.CALLER));
      CallDecision viaVonage = other.onCall(vonageCall("vonage-call-1", EngineFixture.OTHER_CALLER));

      other.runDueWork();
      twilio.runDueWork();

      assertThat(f.gateway.sent()).extracting(r -> r.idempotencyKey()).containsExactly(viaTwilio.outboxId());
      assertThat(vonage.sent()).extracting(r -> r.idempotencyKey()).containsExactly(viaVonage.outboxId());
      assertThat(f.gateway.attempts()).hasSize(1);
      assertThat(vonage.attempts()).hasSize(1);
    }
  }
}
