package dev.textback.vonage;

import dev.textback.CallDecision;
import dev.textback.InboundResult;
import dev.textback.call.CallEvent;
import dev.textback.carrier.CarrierContext;
import dev.textback.carrier.PendingCalls;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.InboundMessage;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import dev.textback.rules.Reason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records what the webhooks hand to the engine, and answers with canned results; pending-call state lives in
 * a map, as one store shared by every instance would keep it.
 */
final class FakeEngine implements CarrierContext {
  static final Instant NOW = Instant.parse("2026-03-10T15:00:00Z");
  /** The engine's time; a test of a captured payload sets it to when the payload was signed. */
  Instant now = NOW;

  final List<CallEvent> calls = new ArrayList<>();
  final List<InboundMessage> inbound = new ArrayList<>();
  final List<DeliveryReceipt> receipts = new ArrayList<>();
  final Map<PhoneNumber, PhoneNumber> forwards = new HashMap<>();
  InboundResult inboundResult = new InboundResult(InboundResult.Action.ROUTED, null, "cv1");
  RuntimeException failure;
  final MapPendingCalls pending = new MapPendingCalls();

  FakeEngine forwarding(String dialled, String phone) {
    forwards.put(PhoneNumber.of(dialled), PhoneNumber.of(phone));
    return this;
  }

  boolean untouched() {
    return calls.isEmpty() && inbound.isEmpty() && receipts.isEmpty();
  }

  CallEvent onlyCall() {
    if (calls.size() != 1) throw new AssertionError("expected one call, got " + calls);
    return calls.get(0);
  }

  @Override
  public CallDecision onCall(CallEvent event) {
    calls.add(event);
    if (failure != null) throw failure;
    return new CallDecision(CallDecision.Action.QUEUED, Reason.TEXT, "queued", NOW, "ob1", "cv1", false);
  }

  @Override
  public InboundResult onInbound(InboundMessage message) {
    inbound.add(message);
    if (failure != null) throw failure;
    return inboundResult;
  }

  @Override
  public void onDeliveryReceipt(DeliveryReceipt receipt) {
    receipts.add(receipt);
    if (failure != null) throw failure;
  }

  @Override
  public Optional<PhoneNumber> forwardTarget(PhoneNumber dialled) {
    return Optional.ofNullable(forwards.get(dialled));
  }

  @Override
  public CarrierId carrier() {
    return VonageCarrier.ID;
  }

  @Override
  public Clock clock() {
    return Clock.fixed(now, ZoneOffset.UTC);
  }

  @Override
  public PendingCalls pendingCalls() {
    return pending;
  }

  /** Pending-call state as a shared store keeps it. */
  static final class MapPendingCalls implements PendingCalls {
    final Map<String, Map<String, String>> calls = new HashMap<>();
    /** When set, every call fails with it: the store is down. */
    RuntimeException failure;

    @Override
    public synchronized void remember(String callId, Map<String, String> values) {
      if (failure != null) throw failure;
      calls.computeIfAbsent(callId, k -> new HashMap<>()).putAll(values);
    }

    @Override
    public synchronized Map<String, String> recall(String callId) {
      return Map.copyOf(calls.getOrDefault(callId, Map.of()));
    }

    @Override
    public synchronized Map<String, String> forget(String callId) {
      Map<String, String> v = calls.remove(callId);
      return v == null ? Map.of() : v;
    }
  }
}
