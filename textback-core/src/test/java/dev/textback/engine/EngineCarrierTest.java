package dev.textback.engine;

import static dev.textback.engine.EngineFixture.BUSINESS_NUMBER;
import static dev.textback.engine.EngineFixture.CALLER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.call.CallOutcome;
import dev.textback.carrier.Carrier;
import dev.textback.carrier.CarrierContext;
import dev.textback.carrier.CarrierWebhooks;
import dev.textback.carrier.WebhookPipeline;

import dev.textback.phone.CarrierId;
import dev.textback.spi.SmsGateway;
import dev.textback.webhook.WebhookResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A carrier plugged in with one builder call: its gateway sends, its webhooks get the engine as context. */
class EngineCarrierTest {
  private static final CarrierId TWILIO = CarrierId.of("twilio");
  private final EngineFixture f = new EngineFixture();

  /** A carrier that keeps the contexts engines hand it. */
  private static final class CapturingCarrier implements Carrier {
    final List<CarrierContext> contexts = new ArrayList<>();
    final SmsGateway gateway;

    CapturingCarrier(SmsGateway gateway) {
      this.gateway = gateway;
    }

    @Override
    public CarrierId id() {
      return TWILIO;
    }

    @Override
    public SmsGateway gateway() {
      return gateway;
    }

    @Override
    public CarrierWebhooks webhooks(CarrierContext context) {
      contexts.add(context);
      return WebhookPipeline.builder(TWILIO).verifier((r, now) -> { }).clock(context.clock())
          .route("voice", call -> WebhookResponse.ok("text/plain", "ok")).build();
    }
  }

  private TextBack engineWith(Carrier carrier) {
    return TextBack.builder().businesses(BusinessDirectory.of(f.business)).store(f.store).clock(f.clock)
        .carrier(carrier).build();
  }

  @Test
  void sends_through_the_carriers_gateway_and_exposes_its_webhooks() {
    CapturingCarrier carrier = new CapturingCarrier(f.gateway);
    TextBack engine = engineWith(carrier);

    CarrierContext context = carrier.contexts.get(0);
    context.onCall(f.call("CA1", CALLER, CallOutcome.NO_ANSWER));
    engine.runDueWork();

    assertThat(f.gateway.sent()).singleElement().satisfies(r -> assertThat(r.from()).isEqualTo(BUSINESS_NUMBER));
    assertThat(engine.webhooks()).containsOnlyKeys(TWILIO);
    assertThat(engine.webhooks(TWILIO).byPath()).containsOnlyKeys("/webhooks/twilio/voice");
    assertThat(context.carrier()).isEqualTo(TWILIO);
    assertThat(context.clock().instant()).isEqualTo(f.clock.instant());
    assertThatThrownBy(() -> engine.webhooks(CarrierId.of("vonage")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vonage");
  }

  @Test
  void keeps_pending_call_state_in_the_store_so_another_engine_on_it_sees_it() {
    CapturingCarrier first = new CapturingCarrier(f.gateway);
    CapturingCarrier second = new CapturingCarrier(new ScriptedGateway(TWILIO));
    engineWith(first);
    engineWith(second);

    first.contexts.get(0).pendingCalls().remember("CA1", Map.of("dialOutcome", "BUSY"));
    second.contexts.get(0).pendingCalls().remember("CA1", Map.of("machine", "true"));

    assertThat(second.contexts.get(0).pendingCalls().recall("CA1"))
        .containsOnly(Map.entry("dialOutcome", "BUSY"), Map.entry("machine", "true"));
    assertThat(second.contexts.get(0).pendingCalls().forget("CA1")).containsEntry("dialOutcome", "BUSY");
    assertThat(first.contexts.get(0).pendingCalls().recall("CA1")).isEmpty();
    assertThat(first.contexts.get(0).pendingCalls().forget("CA1")).isEmpty();
  }

  @Test
  void refuses_a_carrier_whose_gateway_serves_another_carrier() {
    Carrier mismatched = new CapturingCarrier(new ScriptedGateway(CarrierId.of("vonage")));

    assertThatThrownBy(() -> engineWith(mismatched)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vonage");
  }

  @Test
  void refuses_the_same_carrier_twice() {
    assertThatThrownBy(() -> TextBack.builder().carrier(new CapturingCarrier(f.gateway))
        .carrier(new CapturingCarrier(f.gateway))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twilio");
  }
}
