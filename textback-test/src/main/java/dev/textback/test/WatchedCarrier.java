package dev.textback.test;

import dev.textback.CallDecision;
import dev.textback.InboundResult;
import dev.textback.call.CallEvent;
import dev.textback.carrier.Carrier;
import dev.textback.carrier.CarrierContext;
import dev.textback.carrier.CarrierWebhooks;
import dev.textback.carrier.PendingCalls;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.InboundMessage;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import dev.textback.spi.SmsGateway;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The adapter's carrier, unchanged, except that its webhooks talk to the engine through a context that notes
 * each request before passing it on. Reading the carrier id or the clock is not noted: a webhook may do that
 * before it has checked anything.
 */
final class WatchedCarrier implements Carrier {
  private final Carrier carrier;
  private final ContextCalls calls;

  WatchedCarrier(Carrier carrier, ContextCalls calls) {
    this.carrier = carrier;
    this.calls = calls;
  }

  @Override
  public CarrierId id() {
    return carrier.id();
  }

  @Override
  public SmsGateway gateway() {
    return carrier.gateway();
  }

  @Override
  public CarrierWebhooks webhooks(CarrierContext context) {
    return carrier.webhooks(new Watched(context));
  }

  private final class Watched implements CarrierContext {
    private final CarrierContext engine;
    private final PendingCalls pending;

    Watched(CarrierContext engine) {
      this.engine = engine;
      this.pending = new WatchedPendingCalls(engine);
    }

    @Override
    public CarrierId carrier() {
      return engine.carrier();
    }

    @Override
    public CallDecision onCall(CallEvent event) {
      calls.add("onCall " + event);
      return engine.onCall(event);
    }

    @Override
    public InboundResult onInbound(InboundMessage message) {
      calls.add("onInbound " + message);
      return engine.onInbound(message);
    }

    @Override
    public void onDeliveryReceipt(DeliveryReceipt receipt) {
      calls.add("onDeliveryReceipt " + receipt.status() + " " + receipt.messageId());
      engine.onDeliveryReceipt(receipt);
    }

    @Override
    public Optional<PhoneNumber> forwardTarget(PhoneNumber dialled) {
      calls.add("forwardTarget " + dialled.masked());
      return engine.forwardTarget(dialled);
    }

    @Override
    public Clock clock() {
      return engine.clock();
    }

    @Override
    public PendingCalls pendingCalls() {
      return pending;
    }
  }

  private final class WatchedPendingCalls implements PendingCalls {
    private final CarrierContext engine;

    WatchedPendingCalls(CarrierContext engine) {
      this.engine = engine;
    }

    @Override
    public void remember(String callId, Map<String, String> values) {
      calls.add("pendingCalls.remember " + callId);
      engine.pendingCalls().remember(callId, values);
    }

    @Override
    public Map<String, String> recall(String callId) {
      calls.add("pendingCalls.recall " + callId);
      return engine.pendingCalls().recall(callId);
    }

    @Override
    public Map<String, String> forget(String callId) {
      calls.add("pendingCalls.forget " + callId);
      return engine.pendingCalls().forget(callId);
    }
  }
}
