package dev.textback.test;

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
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The engine as a carrier adapter's webhook tests see it: records what the webhooks hand over (calls, inbound
 * messages, delivery receipts) and answers with canned results, so a test asserts on exactly what a webhook decided
 * to pass on. Pending-call state lives in a map, as one store shared by every instance would keep it. Its fields are
 * open for tests to read and set; not thread-safe apart from the pending calls.
 *
 * <pre>{@code
 * RecordingCarrierContext engine = new RecordingCarrierContext(MyCarrier.ID).forwarding("+13035550100", "+13035550199");
 * Webhooks webhooks = new MyWebhooks(config, engine);
 * webhooks.handle(signedMissedCall);
 * assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.NO_ANSWER);
 * }</pre>
 */
public class RecordingCarrierContext implements CarrierContext {
  /** The engine's time unless a test sets {@link #now}. */
  public static final Instant NOW = Instant.parse("2026-03-10T15:00:00Z");

  /** Calls handed to {@link #onCall}, in order. */
  public final List<CallEvent> calls = new ArrayList<>();
  /** Messages handed to {@link #onInbound}, in order. */
  public final List<InboundMessage> inbound = new ArrayList<>();
  /** Receipts handed to {@link #onDeliveryReceipt}, in order. */
  public final List<DeliveryReceipt> receipts = new ArrayList<>();
  /** Forwarding numbers by dialled number, as {@link #forwardTarget} answers. */
  public final Map<PhoneNumber, PhoneNumber> forwards = new HashMap<>();
  /** What {@link #onInbound} answers. */
  public InboundResult inboundResult = new InboundResult(InboundResult.Action.ROUTED, null, "cv1");
  /** When set, calls, inbound messages and receipts are recorded and then fail with it: the engine is down. */
  public @Nullable RuntimeException failure;
  /** The map {@link #pending} starts as: what webhooks kept, and a switch to make keeping fail. */
  public final MapPendingCalls pendingStore = new MapPendingCalls();
  /** The pending-call state webhooks keep between the callbacks of one call; a test may put its own in. */
  public PendingCalls pending = pendingStore;
  /** The engine's time; a test of a captured, time-signed payload sets it to when the payload was signed. */
  public Instant now = NOW;
  private final CarrierId carrier;

  /**
   * @param carrier the carrier whose webhooks are under test
   */
  public RecordingCarrierContext(CarrierId carrier) {
    this.carrier = Objects.requireNonNull(carrier, "carrier == null");
  }

  /**
   * Forwards calls to {@code dialled} on to {@code phone}.
   *
   * @param dialled the business's number, E.164
   * @param phone the number calls to it ring first, E.164
   * @return this
   */
  public RecordingCarrierContext forwarding(String dialled, String phone) {
    forwards.put(PhoneNumber.of(dialled), PhoneNumber.of(phone));
    return this;
  }

  /**
   * Whether nothing reached the engine: no call, inbound message or receipt.
   *
   * @return true when all three lists are empty
   */
  public boolean untouched() {
    return calls.isEmpty() && inbound.isEmpty() && receipts.isEmpty();
  }

  /**
   * The one call that reached the engine.
   *
   * @return that call
   * @throws AssertionError when there was none, or more than one
   */
  public CallEvent onlyCall() {
    if (calls.size() != 1) throw new AssertionError("expected one call, got " + calls);
    return calls.get(0);
  }

  @Override
  public CallDecision onCall(CallEvent event) {
    calls.add(event);
    if (failure != null) throw failure;
    return new CallDecision(CallDecision.Action.QUEUED, Reason.TEXT, "queued", now, "ob1", "cv1", false);
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
    return carrier;
  }

  @Override
  public Clock clock() {
    return Clock.fixed(now, ZoneOffset.UTC);
  }

  @Override
  public PendingCalls pendingCalls() {
    return pending;
  }

  /** Pending-call state as a store shared by every instance keeps it; thread-safe. */
  public static final class MapPendingCalls implements PendingCalls {
    /** The state, by call id. */
    public final Map<String, Map<String, String>> calls = new HashMap<>();
    /** When set, remembering fails with it: the store is down when a webhook tries to keep state. */
    public volatile @Nullable RuntimeException failure;

    /** An empty state. */
    public MapPendingCalls() {}

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
