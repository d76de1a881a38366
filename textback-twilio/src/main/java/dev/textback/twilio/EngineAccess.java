package dev.textback.twilio;

import dev.textback.CallDecision;
import dev.textback.InboundResult;
import dev.textback.TextBack;
import dev.textback.business.BusinessNumber;
import dev.textback.call.CallEvent;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.InboundMessage;
import dev.textback.phone.PhoneNumber;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What the webhooks need from the engine, as a seam so they can be exercised without one. */
interface EngineAccess {
  CallDecision onCall(CallEvent event);

  InboundResult onInbound(InboundMessage message);

  void onDeliveryReceipt(DeliveryReceipt receipt);

  /** The phone a call to {@code dialled} should ring; empty when no business set one. */
  Optional<PhoneNumber> forwardTarget(PhoneNumber dialled);

  /** Now, by the engine's clock. */
  Instant now();

  static EngineAccess of(TextBack engine) {
    Objects.requireNonNull(engine, "engine == null");
    return new EngineAccess() {
      @Override
      public CallDecision onCall(CallEvent event) {
        return engine.onCall(event);
      }

      @Override
      public InboundResult onInbound(InboundMessage message) {
        return engine.onInbound(message);
      }

      @Override
      public void onDeliveryReceipt(DeliveryReceipt receipt) {
        engine.onDeliveryReceipt(receipt);
      }

      @Override
      public Optional<PhoneNumber> forwardTarget(PhoneNumber dialled) {
        return engine.businesses().byNumber(dialled)
            .flatMap(business -> business.number(dialled))
            .flatMap(BusinessNumber::forwardingTarget);
      }

      @Override
      public Instant now() {
        return engine.clock().instant();
      }
    };
  }
}
