package dev.textback.micrometer;

import dev.textback.CallDecision;
import dev.textback.InboundResult;
import dev.textback.TextBack;
import dev.textback.TextBackListener;
import dev.textback.call.CallEvent;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.InboundMessage;
import dev.textback.message.PermanentFailureReason;
import dev.textback.reply.Conversation;
import dev.textback.spi.OutboxBacklog;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.PermanentSendException;
import dev.textback.spi.RetriableSendException;
import dev.textback.spi.SendException;
import dev.textback.spi.SendReceipt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters for a textback engine: a {@link TextBackListener} that counts and times what the engine does,
 * and a {@link MeterBinder} that registers those meters, plus gauges of the engine's outbox, with a registry.
 *
 * <pre>{@code
 * TextBackMetrics metrics = new TextBackMetrics();
 * TextBack engine = TextBack.builder()....listener(metrics).build();
 * metrics.watch(engine);          // the outbox gauges read this engine's store
 * metrics.bindTo(meterRegistry);  // or let Spring Boot bind it, as it binds every MeterBinder bean
 * }</pre>
 *
 * <p>Meters (Micrometer names; a Prometheus registry shows {@code textback_calls_total} and so on):
 * <ul>
 *   <li>{@code textback.calls} (counter): calls decided, by {@code outcome} (no_answer, busy, …), {@code action}
 *       (queued, deferred, skipped) and {@code reason} (text, skipped_cooldown, …), redeliveries left out;</li>
 *   <li>{@code textback.texts.queued}, {@code textback.texts.sent} (counters): texts by {@code carrier} and
 *       {@code kind} (text_back, reply, …);</li>
 *   <li>{@code textback.texts.failed} (counter): texts refused for good, by {@code carrier}, {@code kind} and
 *       {@code reason} (invalid_number, opted_out, …);</li>
 *   <li>{@code textback.texts.retries} (counter): failed attempts the engine will try again, by {@code carrier} and
 *       {@code accepted} ({@code maybe} when the request may have reached the carrier, else {@code no});</li>
 *   <li>{@code textback.texts.possible.duplicates} (counter): texts the carrier accepted after an earlier attempt
 *       that may have reached it, so the caller may get two copies, by {@code carrier};</li>
 *   <li>{@code textback.texts.withdrawn} (counter): texts canceled or expired unsent, by {@code kind} and
 *       {@code status};</li>
 *   <li>{@code textback.delivery.receipts} (counter): by {@code carrier} and {@code status};</li>
 *   <li>{@code textback.inbound} (counter): texts from callers, by {@code carrier} and {@code action} (routed,
 *       opted_out, help, …);</li>
 *   <li>{@code textback.opt.outs} (counter): by {@code source}: {@code keyword} (the caller texted STOP) or
 *       {@code carrier} (the carrier refused a text because the recipient opted out);</li>
 *   <li>{@code textback.escalations}, {@code textback.routing.failures} (counters);</li>
 *   <li>{@code textback.text.back.latency} (timer): from the missed call to the carrier accepting its text-back,
 *       by {@code carrier};</li>
 *   <li>{@code textback.send.duration} (timer): one carrier send request, by {@code carrier} and {@code result}
 *       (sent, retriable, failed);</li>
 *   <li>{@code textback.outbox.pending}, {@code textback.outbox.due} (gauges, entries) and
 *       {@code textback.outbox.oldest.due.age} (gauge, seconds): what waits in the outbox, read from the store of
 *       the {@linkplain #watch watched} engine (NaN until one is watched, or when the store cannot answer).</li>
 * </ul>
 * Tags carry enum names and carrier names only, never a phone number, an id or text a business wrote, so every
 * meter has a small, fixed number of series.
 *
 * <p>Meters are created in a composite registry that every {@link #bindTo bound} registry joins, so one instance
 * may feed several registries; events before the first binding are not counted. Thread-safe.
 */
public final class TextBackMetrics implements TextBackListener, MeterBinder {
  private static final Logger log = LoggerFactory.getLogger(TextBackMetrics.class);
  /** How long one outbox reading serves the three gauges, so a scrape costs one store query, not three. */
  private static final long BACKLOG_TTL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
  private final Tags commonTags;
  /** Start of each send in flight, by outbox entry id: the listener sees the attempt and its result apart. */
  private final Map<String, Long> sendStarts = new ConcurrentHashMap<>();
  private volatile @Nullable TextBack engine;
  private volatile @Nullable BacklogReading lastReading;

  /** Metrics with no tags beyond each meter's own. */
  public TextBackMetrics() {
    this(Tags.empty());
  }

  /**
   * Metrics with {@code commonTags} added to every meter (e.g. {@code instance=eu-1}).
   *
   * @param commonTags tags for every meter; keep them low-cardinality
   */
  public TextBackMetrics(Iterable<Tag> commonTags) {
    this.commonTags = Tags.of(Objects.requireNonNull(commonTags, "commonTags == null"));
  }

  /**
   * Reads the outbox gauges from this engine's store (the one built with this listener).
   *
   * @param engine the engine to watch
   * @return these metrics
   * @throws IllegalStateException when another engine is already watched
   */
  public TextBackMetrics watch(TextBack engine) {
    Objects.requireNonNull(engine, "engine == null");
    synchronized (this) {
      if (this.engine != null && this.engine != engine) {
        throw new IllegalStateException("these metrics already watch another engine; use one TextBackMetrics per engine");
      }
      this.engine = engine;
    }
    return this;
  }

  /** Registers the meters with {@code registry}: counters and timers as events happen, the outbox gauges now. */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry == null");
    meters.add(registry);
    gauge(registry, "textback.outbox.pending", "Outbox entries waiting to be sent or handed over", null,
        b -> b.pending());
    gauge(registry, "textback.outbox.due", "Outbox entries whose due time has come", null, b -> b.due());
    gauge(registry, "textback.outbox.oldest.due.age", "How long the longest-waiting due outbox entry has waited",
        "seconds", b -> b.backlog().oldestDueAge(b.at()).toNanos() / 1e9);
  }

  private void gauge(MeterRegistry registry, String name, String description, @Nullable String unit,
      ToDoubleFunction<BacklogReading> value) {
    Gauge.builder(name, this, m -> {
      BacklogReading reading = m.backlog();
      return reading == null ? Double.NaN : value.applyAsDouble(reading);
    }).description(description).baseUnit(unit).tags(commonTags).strongReference(true).register(registry);
  }

  /** The outbox now, from a reading at most a second old; null when there is no engine or the store failed. */
  private @Nullable BacklogReading backlog() {
    TextBack watched = engine;
    if (watched == null) return null;
    BacklogReading last = lastReading;
    long now = System.nanoTime();
    if (last != null && now - last.takenAtNanos() < BACKLOG_TTL_NANOS) return last;
    try {
      BacklogReading fresh = new BacklogReading(watched.outboxBacklog(), watched.clock().instant(), now);
      lastReading = fresh;
      return fresh;
    } catch (RuntimeException e) {
      // A gauge must not throw into the registry; NaN says "unknown" until the store answers again.
      log.debug("outbox backlog unavailable: {}", e.toString());
      lastReading = null;
      return null;
    }
  }

  private record BacklogReading(OutboxBacklog backlog, Instant at, long takenAtNanos) {
    long pending() {
      return backlog.pending();
    }

    long due() {
      return backlog.due();
    }
  }

  // -- listener ---------------------------------------------------------------------------------------------

  @Override
  public void onCallDecided(CallEvent event, CallDecision decision) {
    if (decision.duplicate()) return; // a redelivery of a call already counted
    counter("textback.calls", "Calls decided", "outcome", name(event.outcome()), "action", name(decision.action()),
        "reason", name(decision.reason())).increment();
  }

  @Override
  public void onQueued(OutboxEntry entry) {
    counter("textback.texts.queued", "Texts written to the outbox (text-backs, replies, forwards to the owner)",
        "carrier", entry.carrier(), "kind", name(entry.kind())).increment();
  }

  @Override
  public void onSendAttempt(OutboxEntry entry) {
    long now = System.nanoTime();
    sendStarts.put(entry.id(), now);
    // An attempt whose result the engine never reports (its claim passed to another engine before the result was
    // stored) would stay here for good. Sends in flight are bounded by the send concurrency, far below this size,
    // so past it the map holds such leftovers: those older than any send are let go.
    if (sendStarts.size() > SEND_STARTS_PRUNED_PAST) {
      sendStarts.values().removeIf(started -> now - started > STALE_SEND_NANOS);
    }
  }

  /** Size of {@link #sendStarts} past which starts older than {@link #STALE_SEND_NANOS} are let go. */
  static final int SEND_STARTS_PRUNED_PAST = 4096;
  /** Longer than any send: ten minutes. */
  static final long STALE_SEND_NANOS = TimeUnit.MINUTES.toNanos(10);

  /** Sends whose start is still kept, for tests. */
  int sendsInFlight() {
    return sendStarts.size();
  }

  /** Backdates every kept send start by {@code nanos}, for tests of the pruning. */
  void ageSendStarts(long nanos) {
    sendStarts.replaceAll((id, started) -> started - nanos);
  }

  @Override
  public void onSent(OutboxEntry entry, SendReceipt receipt) {
    recordSendDuration(entry, "sent");
    counter("textback.texts.sent", "Texts the carrier accepted", "carrier", entry.carrier(), "kind",
        name(entry.kind())).increment();
    if (entry.possibleDuplicate() || entry.takenOver()) {
      counter("textback.texts.possible.duplicates",
          "Texts accepted after an earlier attempt that may have reached the carrier", "carrier", entry.carrier())
          .increment();
    }
    Instant calledAt = entry.calledAt();
    Instant sentAt = entry.sentAt();
    if (entry.kind() == OutboxKind.TEXT_BACK && calledAt != null && sentAt != null && !sentAt.isBefore(calledAt)) {
      Timer.builder("textback.text.back.latency")
          .description("From the missed call to the carrier accepting its text-back")
          .tags(commonTags).tag("carrier", entry.carrier())
          .register(meters).record(Duration.between(calledAt, sentAt));
    }
  }

  @Override
  public void onSendFailed(OutboxEntry entry, SendException failure, boolean willRetry) {
    recordSendDuration(entry, willRetry ? "retriable" : "failed");
    if (willRetry) {
      boolean maybe = failure instanceof RetriableSendException r && r.mayHaveBeenAccepted();
      counter("textback.texts.retries", "Failed send attempts the engine will try again", "carrier",
          entry.carrier(), "accepted", maybe ? "maybe" : "no").increment();
      return;
    }
    String reason = failure instanceof PermanentSendException p ? name(p.reason()) : "other";
    counter("textback.texts.failed", "Texts refused for good", "carrier", entry.carrier(), "kind",
        name(entry.kind()), "reason", reason).increment();
    if (failure instanceof PermanentSendException p && p.reason() == PermanentFailureReason.OPTED_OUT) {
      optOut("carrier");
    }
  }

  @Override
  public void onWithdrawn(OutboxEntry entry) {
    sendStarts.remove(entry.id());
    counter("textback.texts.withdrawn", "Texts canceled or expired before they were sent", "kind",
        name(entry.kind()), "status", name(entry.status())).increment();
  }

  @Override
  public void onInbound(InboundMessage message, InboundResult result) {
    counter("textback.inbound", "Texts from callers", "carrier", message.carrier().name(), "action",
        name(result.action())).increment();
    if (result.action() == InboundResult.Action.OPTED_OUT) optOut("keyword");
  }

  @Override
  public void onDeliveryReceipt(DeliveryReceipt receipt) {
    counter("textback.delivery.receipts", "Delivery reports applied", "carrier", receipt.carrier().name(), "status",
        name(receipt.status())).increment();
  }

  @Override
  public void onRoutingFailed(Conversation conversation, Exception failure) {
    counter("textback.routing.failures", "Failed hand-overs of a reply to the reply router").increment();
  }

  @Override
  public void onEscalated(Conversation conversation) {
    counter("textback.escalations", "Replies left waiting and escalated").increment();
  }

  private void optOut(String source) {
    counter("textback.opt.outs", "Recipients who opted out", "source", source).increment();
  }

  private void recordSendDuration(OutboxEntry entry, String result) {
    Long started = sendStarts.remove(entry.id());
    if (started == null) return;
    Timer.builder("textback.send.duration").description("One send request to the carrier")
        .tags(commonTags).tags("carrier", entry.carrier(), "result", result)
        .register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  private Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(commonTags).tags(tags).register(meters);
  }

  /** Tag value of an enum constant: Micrometer's convention is lower case. */
  private static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
