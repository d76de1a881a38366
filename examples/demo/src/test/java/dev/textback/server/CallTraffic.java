package dev.textback.server;

import dev.textback.demo.TwilioSimulator;
import dev.textback.demo.Demo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.demo.TwilioSimulator.Delivery;
import dev.textback.demo.TwilioSimulator.PlacedCall;
import dev.textback.phone.PhoneNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Missed calls placed through the carrier simulator at a steady rate, whatever the server is doing, as a
 * carrier's callers keep calling through a crash: each call rings out ({@code no-answer}) and comes from a caller
 * of its own, so every call that is decided is texted. Keeps what the carrier saw of each call.
 */
final class CallTraffic implements AutoCloseable {
  /** The routes whose 2xx answer says the call's decision was committed; see {@link #acknowledged}. */
  static final Set<String> DECIDING = Set.of("/webhooks/twilio/voice/dial", "/webhooks/twilio/voice/recording",
      "/webhooks/twilio/voice/status");

  private final TwilioSimulator carrier;
  private final String base;
  private final int firstCaller;
  private final ExecutorService calls = Executors.newFixedThreadPool(160, r -> {
    Thread t = new Thread(r, "caller");
    t.setDaemon(true);
    return t;
  });
  private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "call-pacer");
    t.setDaemon(true);
    return t;
  });
  private final List<Future<PlacedCall>> placed = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger acknowledged = new AtomicInteger();
  private ScheduledFuture<?> pacing;

  /** @param firstCaller number of the first caller, so that two traffics never share one */
  CallTraffic(TwilioSimulator carrier, String base, int firstCaller) {
    this.carrier = carrier;
    this.base = base;
    this.firstCaller = firstCaller;
  }

  /**
   * A call is acknowledged when a webhook that decides it was answered 2xx. Those routes answer only after the
   * decision's transaction committed, 503 when it could not be, and Twilio never sends a webhook again once it got
   * a 2xx: from then on the call is the server's alone to keep. The incoming-call webhook decides nothing here (it
   * answers {@code <Dial>}), so its 2xx promises nothing.
   */
  static boolean acknowledged(PlacedCall call) {
    return call.webhooks().stream().anyMatch(d -> DECIDING.contains(d.path()) && d.acknowledged());
  }

  /** A US caller number, valid by libphonenumber's rules, one per index. */
  static String caller(int index) {
    String number = String.format("+1212%03d%04d", 200 + index / 10_000, index % 10_000);
    assertThat(PhoneNumbers.parse(number, "US").isValid()).as("%s is a valid caller number", number).isTrue();
    return number;
  }

  /** Places {@code perSecond} calls a second, evenly spaced, until {@link #stop()}. */
  void start(int perSecond) {
    long every = TimeUnit.SECONDS.toNanos(1) / perSecond;
    pacing = clock.scheduleAtFixedRate(this::placeOne, 0, every, TimeUnit.NANOSECONDS);
  }

  /** Places {@code count} calls at {@code perSecond} and waits for the last one to end. */
  void burst(int count, int perSecond) throws Exception {
    long every = TimeUnit.SECONDS.toNanos(1) / perSecond;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long wait = start + i * every - System.nanoTime();
      if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
      placeOne();
    }
    awaitPlaced();
  }

  private void placeOne() {
    int index = firstCaller + next.getAndIncrement();
    String from = caller(index);
    String callSid = carrier.newCallSid();
    synchronized (placed) {
      placed.add(calls.submit(() -> {
        PlacedCall call = carrier.placeCall(base, callSid, from, ServerProcess.LINE, "no-answer", 0);
        if (acknowledged(call)) acknowledged.incrementAndGet();
        return call;
      }));
    }
  }

  /** Calls placed so far. */
  int placedSoFar() {
    return next.get();
  }

  /** Waits until {@code count} calls were acknowledged. */
  void awaitAcknowledged(int count, java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (acknowledged.get() < count) {
      assertThat(System.nanoTime()).as("%d calls acknowledged (%d so far)", count, acknowledged.get())
          .isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /** Calls acknowledged so far. */
  int acknowledgedSoFar() {
    return acknowledged.get();
  }

  /** Stops placing calls and waits for those under way to end. */
  void stop() throws Exception {
    if (pacing != null) pacing.cancel(false);
    clock.shutdown();
    assertThat(clock.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    awaitPlaced();
  }

  private void awaitPlaced() throws Exception {
    List<Future<PlacedCall>> all;
    synchronized (placed) {
      all = List.copyOf(placed);
    }
    for (Future<PlacedCall> f : all) f.get(60, TimeUnit.SECONDS);
  }

  /** Every call placed, in order; only once the calls have ended. */
  List<PlacedCall> calls() throws Exception {
    List<PlacedCall> out = new ArrayList<>();
    synchronized (placed) {
      for (Future<PlacedCall> f : placed) out.add(f.get(0, TimeUnit.SECONDS));
    }
    return out;
  }

  /** How the calls that were not acknowledged ended, e.g. {@code {dial=503, status=0}: 4}. */
  static java.util.Map<String, Long> unacknowledgedByFinalAnswers(List<PlacedCall> calls) {
    return calls.stream().filter(c -> !acknowledged(c)).collect(java.util.stream.Collectors.groupingBy(c -> {
      StringBuilder s = new StringBuilder("{");
      for (Delivery d : c.webhooks()) {
        if (s.length() > 1) s.append(", ");
        s.append(d.path().substring("/webhooks/twilio/".length())).append('=').append(d.answers());
      }
      return s.append('}').toString();
    }, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
  }

  @Override
  public void close() {
    if (pacing != null) pacing.cancel(true);
    clock.shutdownNow();
    calls.shutdownNow();
  }
}
