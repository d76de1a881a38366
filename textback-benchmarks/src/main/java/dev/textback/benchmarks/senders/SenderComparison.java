package dev.textback.benchmarks.senders;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * textback's gateway against each carrier's official SDK, in one run: the same fake API on loopback, the same number
 * of sending threads, the same texts, runs alternated (A B A B ...) so drift of a shared machine falls on both. For
 * each client: texts per second, bytes allocated per text on the sending threads (ThreadMXBean), and TCP connections
 * the fake accepted during the measured runs (after warm-up runs that open the pools); then the ratios. A third
 * client, {@link RawHttpSender}, runs in the same rounds: the rate with no client work at all, the ceiling of any
 * ratio on this machine.
 *
 * <p>Usage: {@code SenderComparison [texts per run, default 20000] [threads, default 16] [rounds, default 3]
 * [carriers, comma-separated: twilio,vonage,plivo; default all]}.
 */
public final class SenderComparison {
  /** The carriers compared, one {@link CarrierPair} each. */
  static final List<CarrierPair> PAIRS = List.of(new TwilioPair(), new VonagePair(), new PlivoPair());

  /** The size of a text's form as the Twilio pairs send it (To, From and the benchmark's body, URL-encoded). */
  static final int FORM_BYTES = twilioForm(0).length();

  private SenderComparison() {}

  /** Text number {@code i}'s form as Twilio's Messages API takes it: To, From and the benchmark's body, URL-encoded. */
  static String twilioForm(int i) {
    return "To=" + enc(TwilioPair.to(i)) + "&From=" + enc(TwilioPair.FROM) + "&Body=" + enc(TwilioPair.BODY);
  }

  private static String enc(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** One measured run. */
  record Run(double perSecond, double bytesPerText, double cpuMicrosPerText, long newConnections, double coresBusy) {}

  public static void main(String[] args) throws Exception {
    int texts = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 20_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<CarrierPair> pairs = args.length > 3 ? pick(args[3]) : PAIRS;
    System.out.printf(Locale.ROOT, "%,d texts per run, %d sending threads, %d alternated rounds, %d cores%n", texts,
        threads, rounds, Runtime.getRuntime().availableProcessors());
    for (CarrierPair pair : pairs) {
      try {
        compare(pair, texts, threads, rounds);
      } catch (LinkageError e) {
        // An SDK built against older libraries than the module's (plivo-java and Jackson 2.20+): say so, go on.
        System.out.printf(Locale.ROOT, "%ncarrier %s not compared: %s does not run on this classpath (%s); see "
            + "BENCHMARKS.md%n", pair.carrier(), pair.officialSdk(), e);
      }
    }
  }

  /** The pairs named in {@code names} (comma-separated carrier names, or {@code all}), in the order named. */
  static List<CarrierPair> pick(String names) {
    if (names.equalsIgnoreCase("all")) return PAIRS;
    List<CarrierPair> picked = new ArrayList<>();
    for (String name : names.split(",")) {
      String wanted = name.trim();
      picked.add(PAIRS.stream().filter(p -> p.carrier().equalsIgnoreCase(wanted)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown carrier '" + wanted + "'; known: "
              + PAIRS.stream().map(CarrierPair::carrier).toList())));
    }
    return picked;
  }

  private static void compare(CarrierPair pair, int texts, int threads, int rounds) throws Exception {
    try (FakeCarrierApi api = new FakeCarrierApi(pair.answer());
        Sender textback = pair.textback(api.baseUrl(), threads);
        Sender official = pair.official(api.baseUrl(), api.port(), threads);
        Sender raw = new RawHttpSender(api.port(), "/raw", FORM_BYTES)) {
      // Warm-up: JIT and connection pools; not counted. With one short run each, both clients' rates still climbed
      // from round to round (4,300 -> 8,700 texts/s), so the comparison measured the compiler as much as the clients.
      for (int w = 0; w < 2; w++) {
        run(textback, api, Math.min(texts, 20_000), threads);
        run(official, api, Math.min(texts, 20_000), threads);
        run(raw, api, Math.min(texts, 20_000), threads);
      }
      List<Run> ours = new ArrayList<>();
      List<Run> theirs = new ArrayList<>();
      List<Run> ceiling = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        ours.add(run(textback, api, texts, threads));
        theirs.add(run(official, api, texts, threads));
        ceiling.add(run(raw, api, texts, threads));
      }
      System.out.println();
      System.out.println("carrier " + pair.carrier());
      report("textback", ours);
      report(pair.officialSdk(), theirs);
      report("raw HTTP/1.1, no client", ceiling);
      double rate = median(ours, Run::perSecond) / median(theirs, Run::perSecond);
      double alloc = median(ours, Run::bytesPerText) / median(theirs, Run::bytesPerText);
      double cpu = median(theirs, Run::cpuMicrosPerText) / median(ours, Run::cpuMicrosPerText);
      System.out.printf(Locale.ROOT, "ratio textback / official: %.2fx the send rate (target >= 2), %.2fx the "
          + "allocation per text (target <= 0.5); the official SDK spends %.2fx textback's CPU per text on the "
          + "sending threads%n", rate, alloc, cpu);
      System.out.printf(Locale.ROOT, "ceiling: a client that only writes a ready request and skips the answer sends "
          + "%.2fx the official SDK's rate here; no client can go past that against this fake on this machine%n",
          median(ceiling, Run::perSecond) / median(theirs, Run::perSecond));
    }
  }

  private static void report(String name, List<Run> runs) {
    StringBuilder each = new StringBuilder();
    for (Run r : runs) {
      each.append(String.format(Locale.ROOT, " %,.0f", r.perSecond()));
    }
    long connections = runs.stream().mapToLong(Run::newConnections).sum();
    System.out.printf(Locale.ROOT, "  %-30s median %,8.0f texts/s (runs:%s), %,6.1f KB allocated and %,.0f µs CPU "
        + "per text on the sending threads, %d new connections in %d runs, %.2f of %d cores busy%n", name,
        median(runs, Run::perSecond), each, median(runs, Run::bytesPerText) / 1024, median(runs, Run::cpuMicrosPerText),
        connections, runs.size(), median(runs, Run::coresBusy), Runtime.getRuntime().availableProcessors());
  }

  static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
    double[] v = runs.stream().mapToDouble(value).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static Run run(Sender sender, FakeCarrierApi api, int texts, int threads) throws InterruptedException {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    AtomicInteger next = new AtomicInteger();
    AtomicLong allocated = new AtomicLong();
    AtomicLong cpu = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          ready.countDown();
          go.await();
          long before = mx.getCurrentThreadAllocatedBytes();
          long cpuBefore = mx.getCurrentThreadCpuTime();
          for (int i; (i = next.getAndIncrement()) < texts; ) {
            if (sender.send(i).isEmpty()) throw new IllegalStateException("no message id");
          }
          cpu.addAndGet(mx.getCurrentThreadCpuTime() - cpuBefore);
          allocated.addAndGet(mx.getCurrentThreadAllocatedBytes() - before);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          done.countDown();
        }
      }, "sender-" + t);
      worker.start();
    }
    ready.await();
    long connectionsBefore = api.accepted();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long processCpuBefore = os.getProcessCpuTime();
    long start = System.nanoTime();
    go.countDown();
    done.await();
    long elapsed = System.nanoTime() - start;
    double coresBusy = (os.getProcessCpuTime() - processCpuBefore) / (double) elapsed;
    if (failure.get() != null) throw new IllegalStateException("a send failed", failure.get());
    return new Run(texts / (elapsed / 1e9), (double) allocated.get() / texts, cpu.get() / 1e3 / texts,
        api.accepted() - connectionsBefore, coresBusy);
  }
}
