package dev.textback.benchmarks.engine;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessProfile;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.jdbc.JdbcTextBackStore;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import dev.textback.spi.TextBackStore;
import dev.textback.store.InMemoryTextBackStore;
import dev.textback.template.MessageTemplates;
import dev.textback.template.Situation;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;
import javax.sql.DataSource;

/**
 * Missed calls decided in-process, as fast as {@code threads} callers can make them, each from a new caller (so
 * every call queues a text-back and the store grows by one caller each time), against an instant gateway. Prints
 * the rate in every slice of 10,000 calls (how the rate changes as the store grows), the latency of
 * {@code onCall}, how long the last text took to reach the gateway after the last call, and the heap after GC per
 * caller, with how much of it the run added (what the engine and an in-memory store keep; a JDBC store keeps its
 * rows on disk).
 *
 * <p>Usage: {@code EngineThroughput <memory|h2|jdbc-url> <calls> [threads]}. A PostgreSQL database is emptied first
 * (its {@code public} schema dropped); give an SQLite URL a new file.
 */
public final class EngineThroughput {
  private static final int SLICE = 10_000;
  /**
   * Calls of the warm-up on a throwaway in-memory store. With the in-memory store's rows kept as bytes there is more
   * code for the JIT compiler: after 100,000 calls the first measured slice ran at 11,000–18,000 calls/s against
   * 19,000–41,000 for the others, after 200,000 and 300,000 at 25,700 and 30,900 (it is still often the slowest; see
   * BENCHMARKS.md).
   */
  private static final int WARM_UP = Integer.getInteger("warmUp", 300_000);
  private static final int JDBC_WARM_UP = Integer.getInteger("jdbcWarmUp", 5_000);
  /** The engine's send concurrency ({@code -DsendConcurrency=N}): how many send threads take turns with the callers. */
  private static final int SEND_CONCURRENCY = Integer.getInteger("sendConcurrency", 4);
  /** Callers of a warm-up on the measured store are numbered from here, apart from those of the measured run. */
  private static final int WARM_UP_CALLERS = 5_000_000;
  /** An afternoon in the business's zone, so quiet hours never hold a text; the clock ticks from there. */
  private static final Instant AFTERNOON = Instant.parse("2026-07-14T20:00:00Z");

  private EngineThroughput() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: EngineThroughput <memory|h2|jdbc:postgresql://...|jdbc:sqlite:...> <calls> [threads]");
      System.exit(2);
    }
    String storeKind = args[0];
    int calls = Integer.parseInt(args[1].replace("_", ""));
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    HikariDataSource pool = null;
    TextBackStore store;
    if (storeKind.equals("memory")) {
      store = new InMemoryTextBackStore();
    } else {
      String url = storeKind.equals("h2") ? "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1" : storeKind;
      pool = pool(url);
      if (url.startsWith("jdbc:postgresql")) reset(pool);
      JdbcTextBackStore jdbc = JdbcTextBackStore.builder(pool).build();
      jdbc.migrate();
      store = jdbc;
    }
    try {
      // Warm-up on a throwaway store, so the first slice measures the store, not the JIT compiler (see WARM_UP).
      run(new InMemoryTextBackStore(), "warm-up (memory)", WARM_UP, threads, true, 0);
      if (pool != null) {
        // The JDBC paths need their own warm-up; on the same database, with other callers and call ids, so the
        // measured run starts with those rows already stored.
        run(store, "warm-up (" + storeKind.replaceAll("\\?.*", "") + ")", JDBC_WARM_UP, threads, true, WARM_UP_CALLERS);
        if (storeKind.startsWith("jdbc:")) analyze(pool);
      }
      // "jdbc:postgresql://host/db?user=..." is named "postgresql", "jdbc:sqlite:/path?..." "sqlite".
      run(store, storeKind.startsWith("jdbc:") ? storeKind.split(":")[1] : storeKind, calls, threads, false, 0);
    } finally {
      if (pool != null) pool.close();
    }
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(10);
    return new HikariDataSource(config);
  }

  /** Starts PostgreSQL runs from empty tables, so each run measures the sizes it names. */
  private static void reset(DataSource ds) throws Exception {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA public CASCADE");
      s.execute("CREATE SCHEMA public");
    }
  }

  /**
   * Gives the tables the statistics a database in service has. Without them, a plan PostgreSQL caches while the
   * tables are nearly empty can stay until autovacuum's next analyze (it looks at a table about once a minute): one
   * seen here found the caller's live conversation by scanning every conversation of the business, and a run's rate
   * swung from 430 to 880 calls/s with it. ANALYZE also drops the plans cached so far.
   */
  private static void analyze(DataSource ds) throws Exception {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("ANALYZE");
    }
  }

  static String caller(int i) {
    // 212-200-0000 onwards: valid New York numbers, a new one for every call up to 8 million.
    return "+1212" + (2_000_000 + i);
  }

  private static void run(TextBackStore store, String label, int calls, int threads, boolean quiet, int firstCaller)
      throws Exception {
    BusinessProfile business = BusinessProfile.builder()
        .id("summit")
        .displayName("Summit Heating & Cooling")
        .zone(ZoneId.of("America/Denver"))
        .number("+13035550100")
        .templates(MessageTemplates.builder("en")
            .add(Situation.DEFAULT, "en", "Hi, this is {business}. Sorry we missed your call. Reply here with your issue.")
            .build())
        .build();
    CountingGateway gateway = new CountingGateway(calls);
    Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), AFTERNOON));
    PhoneNumber dialled = PhoneNumber.of("+13035550100");
    long[] sliceEnds = new long[(calls + SLICE - 1) / SLICE];
    AtomicLongArray sliceEndNanos = new AtomicLongArray(sliceEnds.length);
    AtomicLongArray sliceEndSent = new AtomicLongArray(sliceEnds.length);
    AtomicLongArray sliceEndGcMillis = new AtomicLongArray(sliceEnds.length);
    // The callers' own CPU time per slice, by the slice of each call: the work a call costs, apart from the time it
    // waits for a core or a lock, so a slice that is slow only because others ran in it can be told apart.
    AtomicLongArray sliceCallerCpu = new AtomicLongArray(sliceEnds.length);
    // Bytes allocated inside onCall on the callers' threads, and on the engine's own threads (dispatcher, sends):
    // unlike the rates, these do not move with what else the machine runs.
    AtomicLong onCallAllocated = new AtomicLong();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    long[][] latencies = new long[threads][];
    try (TextBack engine = TextBack.builder()
        .businesses(BusinessDirectory.of(business))
        .store(store)
        .gateway(gateway)
        .clock(clock)
        .sendConcurrency(SEND_CONCURRENCY)
        .build()) {
      engine.start();
      long heapBefore = quiet ? 0 : heapAfterGc();
      CountDownLatch finished = new CountDownLatch(threads);
      long gcBefore = gcMillis();
      long engineAllocatedBefore = engineThreadsAllocated();
      long start = System.nanoTime();
      Instant startedAt = Instant.now();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Thread worker = new Thread(() -> {
          long[] mine = new long[calls / threads + 2];
          int n = 0;
          ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
          com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) cpu;
          long allocated = 0;
          long cpuMark = cpu.getCurrentThreadCpuTime();
          int cpuSlice = 0;
          try {
            for (int i; (i = next.getAndIncrement()) < calls; ) {
              CallEvent event = CallEvent.builder()
                  .carrier(CarrierId.of("twilio"))
                  .callId("CA" + (firstCaller + i))
                  .dialled(dialled)
                  .caller(caller(firstCaller + i))
                  .startedAt(clock.instant())
                  .outcome(CallOutcome.NO_ANSWER)
                  .build();
              long a0 = allocation.getCurrentThreadAllocatedBytes();
              long t0 = System.nanoTime();
              CallDecision decision = engine.onCall(event);
              long t1 = System.nanoTime();
              allocated += allocation.getCurrentThreadAllocatedBytes() - a0;
              if (decision.action() != CallDecision.Action.QUEUED) {
                throw new IllegalStateException("call " + i + " was not queued: " + decision.reason());
              }
              if (n < mine.length) mine[n++] = t1 - t0;
              if (i / SLICE != cpuSlice) { // the call that crosses into the next slice is counted in the last one
                long now = cpu.getCurrentThreadCpuTime();
                sliceCallerCpu.addAndGet(cpuSlice, now - cpuMark);
                cpuMark = now;
                cpuSlice = i / SLICE;
              }
              int d = done.incrementAndGet();
              if (d % SLICE == 0 || d == calls) {
                sliceEndNanos.set((d - 1) / SLICE, t1);
                sliceEndSent.set((d - 1) / SLICE, gateway.sent.get());
                sliceEndGcMillis.set((d - 1) / SLICE, gcMillis());
              }
            }
            sliceCallerCpu.addAndGet(cpuSlice, cpu.getCurrentThreadCpuTime() - cpuMark);
            onCallAllocated.addAndGet(allocated);
          } finally {
            latencies[id] = Arrays.copyOf(mine, n);
            finished.countDown();
          }
        }, "caller-" + t);
        worker.start();
      }
      finished.await();
      long lastCall = System.nanoTime();
      boolean drained = gateway.all.await(5, TimeUnit.MINUTES);
      long lastSend = gateway.lastSendNanos;
      long engineAllocated = engineThreadsAllocated() - engineAllocatedBefore;
      if (quiet) {
        System.out.printf(Locale.ROOT, "%s: %,d calls done%n", label, calls);
        return;
      }

      System.out.printf(Locale.ROOT, "store=%s calls=%,d threads=%d sendConcurrency=%d cores=%d%n", label, calls,
          threads, SEND_CONCURRENCY, Runtime.getRuntime().availableProcessors());
      double total = calls / ((lastCall - start) / 1e9);
      System.out.printf(Locale.ROOT, "overall: %,.0f calls/s over %.1f s (from %s, to line slices up with a profile)%n",
          total, (lastCall - start) / 1e9, startedAt);
      List<Double> rates = new ArrayList<>();
      long prev = start;
      for (int s = 0; s < sliceEnds.length; s++) {
        long end = sliceEndNanos.get(s);
        int size = Math.min(SLICE, calls - s * SLICE);
        rates.add(size / ((end - prev) / 1e9));
        prev = end;
      }
      System.out.println(sliceLine("rate per 10k slice (calls/s):", rates.size(),
          s -> String.format(Locale.ROOT, "%,.0f", rates.get(s))));
      System.out.println(sliceLine("callers' CPU per call per 10k slice (µs):", sliceEnds.length,
          s -> String.format(Locale.ROOT, "%.1f", sliceCallerCpu.get(s) / 1e3 / Math.min(SLICE, calls - s * SLICE))));
      // The dispatcher sends beside the callers on the same cores, so how much it sent belongs beside each slice's
      // rate. Read by the thread that ended the slice, the count may be off by the texts of a few calls.
      System.out.println(perSlice("texts at the gateway per 10k slice:", sliceEndSent, 0));
      // Collections pause the callers and the dispatcher alike (with G1; a concurrent collector counts its cycles).
      System.out.println(perSlice("collections per 10k slice (ms, as the collectors count them):", sliceEndGcMillis,
          gcBefore));
      if (rates.size() >= 2) {
        double first = rates.get(0);
        double last = rates.get(rates.size() - 1);
        System.out.printf(Locale.ROOT, "last slice / first slice: %.2f (flat within 20%% means 0.80..1.20)%n",
            last / first);
      }
      System.out.println("onCall latency: " + percentiles(latencies));
      System.out.printf(Locale.ROOT, "allocated: %,d B per call inside onCall; %,d B per text on the engine's threads "
          + "(dispatcher and sends)%n", onCallAllocated.get() / calls, engineAllocated / calls);
      // The harness's own per-call arrays are let go first, so the heap after GC is what the engine and store keep.
      Arrays.fill(latencies, null);
      System.out.printf(Locale.ROOT, "texts at the gateway: %,d of %,d; last text %.0f ms after the last call%n",
          gateway.sent.get(), calls, drained ? Math.max(0, (lastSend - lastCall) / 1e6) : Double.NaN);
      long used = heapAfterGc();
      System.out.printf(Locale.ROOT, "heap after GC: %,d MB for %,d callers (%,d bytes per caller, max heap %,d MB); "
          + "grown by %,d bytes per caller during the run%n", used >> 20, calls, used / calls,
          Runtime.getRuntime().maxMemory() >> 20, (used - heapBefore) / calls);
      if (store instanceof InMemoryTextBackStore) {
        // Index tables still moving when the calls stopped are finished by the store's housekeeping, which the
        // engine runs hourly; a purge of nothing older than 1970 does only that (and walks every table).
        long purgeStart = System.nanoTime();
        int purged = store.purge(Instant.EPOCH, Instant.EPOCH);
        long settled = heapAfterGc();
        System.out.printf(Locale.ROOT, "after the store's housekeeping (%d rows purged, %.0f ms): heap after GC "
            + "%,d MB (%,d bytes per caller)%n", purged, (System.nanoTime() - purgeStart) / 1e6, settled >> 20,
            settled / calls);
      }
      if (store instanceof InMemoryTextBackStore && Boolean.getBoolean("histogram")) printHistogram(calls);
      if (!drained) System.out.println("NOT DRAINED: texts were still unsent 5 minutes after the last call");
    }
  }

  /**
   * {@code label} and each slice's value as {@code value} gives it: every slice of up to 20, else the first and last
   * five and every tenth.
   */
  private static String sliceLine(String label, int slices, IntFunction<String> value) {
    StringBuilder line = new StringBuilder(label);
    for (int s = 0; s < slices; s++) {
      if (slices <= 20 || s < 5 || s >= slices - 5 || s % 10 == 0) {
        line.append(" [").append(s + 1).append(']').append(value.apply(s));
      } else if (s == 5) {
        line.append(" ...");
      }
    }
    return line.toString();
  }

  /**
   * What a counter read at each slice's end grew by in that slice ({@code before}: its value at the start), printed
   * like the rates.
   */
  private static String perSlice(String label, AtomicLongArray atSliceEnd, long before) {
    return sliceLine(label, atSliceEnd.length(), s -> String.format(Locale.ROOT, "%,d",
        atSliceEnd.get(s) - (s == 0 ? before : atSliceEnd.get(s - 1))));
  }

  /** Milliseconds the collectors have spent in collections since the JVM started, as they count them. */
  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  private static long heapAfterGc() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Bytes allocated so far by the live threads the engine started (their names begin with "textback-"). */
  private static long engineThreadsAllocated() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("textback-")) sum += Math.max(0, threads.getThreadAllocatedBytes(t.getId()));
    }
    return sum;
  }

  private static String percentiles(long[][] latencies) {
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    return String.format(Locale.ROOT, "p50 %s  p99 %s  max %s", micros(all, 0.50), micros(all, 0.99), micros(all, 1.0));
  }

  /** The classes holding most of the heap, per caller: where the bytes of "heap per caller" go. */
  private static void printHistogram(int callers) throws Exception {
    javax.management.ObjectName name = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
    String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(name, "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
    System.out.println("largest classes on the heap (instances and bytes per caller):");
    histogram.lines().skip(2).limit(25).forEach(line -> {
      String[] f = line.trim().split("\\s+");
      if (f.length < 4) return;
      System.out.printf(Locale.ROOT, "  %6.2f x %5d B  %s%n", Long.parseLong(f[1]) / (double) callers,
          Long.parseLong(f[2]) / callers, f[3]);
    });
  }

  private static String micros(long[] sorted, double p) {
    if (sorted.length == 0) return "-";
    int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
    return String.format(Locale.ROOT, "%.0f µs", sorted[index] / 1e3);
  }

  /** Accepts every text at once and counts them. */
  private static final class CountingGateway implements SmsGateway {
    final AtomicInteger sent = new AtomicInteger();
    final CountDownLatch all;
    volatile long lastSendNanos;

    CountingGateway(int expected) {
      this.all = new CountDownLatch(expected);
    }

    @Override
    public CarrierId carrier() {
      return CarrierId.of("twilio");
    }

    @Override
    public SendReceipt send(SendRequest request) {
      int n = sent.incrementAndGet();
      lastSendNanos = System.nanoTime();
      all.countDown();
      return new SendReceipt("SM" + n, 1, "queued");
    }
  }
}
