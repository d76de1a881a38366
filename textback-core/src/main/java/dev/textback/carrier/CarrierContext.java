package dev.textback.carrier;

import dev.textback.CallDecision;
import dev.textback.InboundResult;
import dev.textback.call.CallEvent;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.InboundMessage;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import java.time.Clock;
import java.util.Optional;

/**
 * What a carrier adapter's webhooks may ask of the engine, and nothing more: decide a call, hand over a
 * text or a delivery receipt, look up where a call should ring, read the clock, and keep state between the
 * webhooks of one call. The engine implements it for each {@link Carrier}; tests can fake it. Implementations
 * are thread-safe.
 */
public interface CarrierContext {
  /** The carrier this context serves. */
  CarrierId carrier();

  /**
   * Decides about a call (the first decision per call id wins; a repeat returns it).
   *
   * @throws RuntimeException when the store failed; the webhook pipeline then answers with the route's
   *     failure response, so the carrier can redeliver
   */
  CallDecision onCall(CallEvent event);

  /** Handles a text from a caller; the result may carry a reply to return in the webhook response. */
  InboundResult onInbound(InboundMessage message);

  /** Applies a delivery report to the text it refers to. */
  void onDeliveryReceipt(DeliveryReceipt receipt);

  /** The phone a call to {@code dialled} should ring; empty when no business set one. */
  Optional<PhoneNumber> forwardTarget(PhoneNumber dialled);

  /** The engine's clock, which signature checks with time limits must read too. */
  Clock clock();

  /**
   * State an adapter keeps between the webhooks of one call, in the engine's store: any engine instance
   * sharing the store sees it, so a call whose webhooks land on different instances is decided the same.
   */
  PendingCalls pendingCalls();
}
