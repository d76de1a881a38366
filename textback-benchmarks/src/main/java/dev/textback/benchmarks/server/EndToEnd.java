package dev.textback.benchmarks.server;

import dev.textback.benchmarks.senders.FakeCarrierApi;
import dev.textback.server.ServerConfig;
import dev.textback.server.Settings;
import dev.textback.server.TextbackServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * End to end through the reference server: signed Twilio webhooks of missed calls (the {@code <Dial>} action with
 * no answer) over HTTP into {@link TextbackServer} (in-memory store), whose Twilio gateway sends to a fake Twilio API
 * on loopback. Measures, per call, from the moment the webhook was due to be sent (open loop: a call that waits for
 * a free client connection counts its wait) to the moment the fake receives the send request for that caller:
 * p50/p99/max, at a fixed offered rate and at saturation.
 *
 * <p>The load generator is kept cheap so the server gets the CPU: every request is built and signed before the
 * clock starts, and 32 plain keep-alive sockets write them. It warms the server up with a first run on other
 * callers at the same rate (60,000 calls or a minute, or as many as the measured run if more; {@code -DwarmUp=N},
 * {@code -DwarmUpRate=R}), waits for that backlog to drain, then measures. It prints what the server's threads
 * allocated per call, and with {@code -Ddump=FILE} writes every call's timings for a closer look.
 *
 * <p>Usage: {@code EndToEnd [rate per second, default 1000] [calls, default 20000]}; a rate of 0 means saturation
 * (32 connections back to back). {@code -Dstore=sqlite} runs the server on its default store instead of the
 * in-memory one (see {@link #store}). Besides webhook → send request it prints webhook → response, so the
 * server's answer and the dispatcher's part can be told apart.
 */
public final class EndToEnd {
  private static final String SID = "AC0123456789abcdef0123456789abcdef";
  private static final String TOKEN = "5b1a2c3d4e5f60719f3b6e2a41c8d7e0";
  private static final String PUBLIC = "https://textback.example.com";
  private static final String PATH = "/webhooks/twilio/voice/dial";
  private static final String LINE = "+13035550142";
  private static final Instant AFTERNOON = Instant.parse("2026-07-14T20:00:00Z");
  private static final int CONNECTIONS = 32;

  private EndToEnd() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int calls = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 20_000;
    // 60,000 calls, or a minute at a slower rate, unless -DwarmUp=N: after a warm-up as long as the 20,000-call
    // run, the JIT compiler was still at work for the first half of it.
    int warmUp = Integer.getInteger("warmUp", Math.max(calls, rate == 0 ? 60_000 : Math.min(60_000, 60 * rate)));
    int warmUpRate = Integer.getInteger("warmUpRate", rate);
    int total = warmUp + calls;
    // Callers are +1212 and seven digits from 2,000,000: more than 8,000,000 calls would not be NANP numbers.
    if (total > 8_000_000) throw new IllegalArgumentException("at most 8,000,000 calls with their warm-up");
    AtomicLongArray receivedAt = new AtomicLongArray(total);
    CountDownLatch warmSent = new CountDownLatch(warmUp);
    CountDownLatch allSent = new CountDownLatch(total);
    try (FakeCarrierApi api = new FakeCarrierApi(new FakeCarrierApi.Answer(201, "application/json",
        "{\"sid\":\"SM99999999999999999999999999999999\",\"status\":\"queued\",\"num_segments\":\"1\"}"),
        form -> {
          String to = form.get("To");
          if (to == null) return;
          int i = Integer.parseInt(to.substring(5)) - 2_000_000;
          if (i >= 0 && i < total && receivedAt.compareAndSet(i, 0, System.nanoTime())) {
            if (i < warmUp) warmSent.countDown();
            allSent.countDown();
          }
        })) {
      Path config = Files.createTempFile("textback-bench", ".json");
      Files.writeString(config, """
          {"businesses": [{"id": "summit", "name": "Summit Heating & Cooling", "region": "US",
            "timeZone": "America/Denver", "numbers": [{"number": "%s", "forwardTo": "+13035550199"}],
            "language": "en", "templates": {"en": {"default": "Hi, this is {business}. Sorry we missed your call."}},
            "quietHours": {"sendFrom": "00:00", "sendUntil": "23:59", "mode": "send"}}]}
          """.formatted(LINE));
      Map<String, String> env = new LinkedHashMap<>();
      env.put("TEXTBACK_CONFIG", config.toString());
      env.put("TEXTBACK_STORE", store(System.getProperty("store", "memory")));
      env.put("TEXTBACK_PORT", "0");
      env.put("TEXTBACK_PUBLIC_URL", PUBLIC);
      env.put("TEXTBACK_ADMIN_TOKEN", "bench-admin-token-0123456789abcdef");
      env.put("TWILIO_ACCOUNT_SID", SID);
      env.put("TWILIO_AUTH_TOKEN", TOKEN);
      env.put("TWILIO_API_BASE_URL", api.baseUrl());
      Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), AFTERNOON));
      try (TextbackServer server = TextbackServer.start(Settings.from(env, new String[0]), ServerConfig.load(config),
          clock, businessId -> Map.of())) {
        byte[][] requests = new byte[total][];
        for (int i = 0; i < total; i++) requests[i] = request(server.port(), i);
        // Warm-up on other callers, not measured, at the same rate (-DwarmUpRate=0: back to back, which leaves the
        // JIT compiler more to redo when the paced run starts); then let its backlog drain.
        Connection[] connections = new Connection[CONNECTIONS];
        for (int c = 0; c < CONNECTIONS; c++) connections[c] = new Connection(server.port());
        run(connections, requests, 0, warmUp, warmUpRate, new long[warmUp], new long[warmUp]);
        if (!warmSent.await(3, TimeUnit.MINUTES)) throw new IllegalStateException("warm-up texts did not all arrive");
        long[] dueAt = new long[calls];
        long[] answeredAt = new long[calls];
        Map<Long, Long> allocatedBefore = serverAllocatedBytes();
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        long startMicros = startedAt.getEpochSecond() * 1_000_000 + startedAt.getNano() / 1000;
        long startUptime = ManagementFactory.getRuntimeMXBean().getUptime();
        run(connections, requests, warmUp, calls, rate, dueAt, answeredAt);
        for (Connection connection : connections) connection.close();
        long offered = System.nanoTime() - start;
        boolean all = allSent.await(2, TimeUnit.MINUTES);
        long allocated = 0;
        for (Map.Entry<Long, Long> thread : serverAllocatedBytes().entrySet()) {
          allocated += thread.getValue() - allocatedBefore.getOrDefault(thread.getKey(), 0L);
        }
        long[] latencies = new long[calls];
        int n = 0;
        for (int k = 0; k < calls; k++) {
          long received = receivedAt.get(warmUp + k);
          if (received != 0) latencies[n++] = received - dueAt[k];
        }
        // -Ddump=FILE: one line per call (µs: when it was due after the start, to the send request, to the
        // response; -1 for a text that did not arrive), to see whether the slow ones come together or apart.
        String dump = System.getProperty("dump");
        if (dump != null) {
          // The first line: the start as wall-clock time (epoch µs) and as the JVM's uptime (ms), to line calls up
          // with a GC log or the JIT compiler's.
          StringBuilder sb = new StringBuilder().append(startMicros).append(' ').append(startUptime).append('\n');
          for (int k = 0; k < calls; k++) {
            long received = receivedAt.get(warmUp + k);
            sb.append((dueAt[k] - start) / 1000).append(' ').append(received == 0 ? -1 : (received - dueAt[k]) / 1000)
                .append(' ').append((answeredAt[k] - dueAt[k]) / 1000).append('\n');
          }
          Files.writeString(Path.of(dump), sb);
        }
        latencies = Arrays.copyOf(latencies, n);
        Arrays.sort(latencies);
        long[] answers = new long[calls];
        for (int k = 0; k < calls; k++) answers[k] = answeredAt[k] - dueAt[k];
        Arrays.sort(answers);
        System.out.printf(Locale.ROOT, "%s: %,d calls in %.1f s (%,.0f/s offered and accepted), %d cores%n",
            rate == 0 ? "saturation (" + CONNECTIONS + " connections)" : "fixed rate " + rate + "/s", calls,
            offered / 1e9, calls / (offered / 1e9), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "webhook due -> send request at the fake: p50 %.2f ms  p99 %.2f ms  max %.2f ms"
            + " (%,d of %,d texts arrived%s)%n", pct(latencies, 0.5), pct(latencies, 0.99), pct(latencies, 1.0),
            n, calls, all ? "" : ", NOT ALL");
        System.out.printf(Locale.ROOT, "webhook due -> its 200 read by the client: p50 %.2f ms  p99 %.2f ms  max %.2f ms%n",
            pct(answers, 0.5), pct(answers, 0.99), pct(answers, 1.0));
        System.out.printf(Locale.ROOT, "allocated on the server's threads: %,.1f KB per call%n",
            allocated / 1024.0 / calls);
        System.out.printf(Locale.ROOT, "send request: p90 %.2f ms  p95 %.2f ms  p98 %.2f ms  p99.9 %.2f ms;"
            + " over 2 ms: %.2f%% of texts (%.2f%% of responses)%n", pct(latencies, 0.9), pct(latencies, 0.95),
            pct(latencies, 0.98), pct(latencies, 0.999), 100.0 * over(latencies, 2_000_000),
            100.0 * over(answers, 2_000_000));
      }
    }
  }

  /**
   * The {@code TEXTBACK_STORE} for {@code -Dstore=}: {@code memory} (the default here), {@code sqlite} (the
   * server's own default, an SQLite file that keeps acknowledged calls through a crash, in a new temporary
   * directory), or a JDBC URL as given.
   */
  private static String store(String choice) throws IOException {
    if (choice.equals("memory")) return "memory";
    if (choice.equals("sqlite")) {
      Path dir = Files.createTempDirectory("textback-bench-store");
      return "jdbc:sqlite:" + dir.resolve("textback.db");
    }
    return choice;
  }

  /**
   * Bytes allocated so far by each live thread of the server (its threads are named {@code textback-…}: HTTP,
   * webhook lanes, dispatcher, sends), by thread id. The load generator's and the fake carrier's are left out.
   */
  private static Map<Long, Long> serverAllocatedBytes() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Map<Long, Long> out = new HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!t.getName().startsWith("textback-")) continue;
      long bytes = threads.getThreadAllocatedBytes(t.getId());
      if (bytes >= 0) out.put(t.getId(), bytes);
    }
    return out;
  }

  /** The share of {@code sorted} above {@code nanos}. */
  private static double over(long[] sorted, long nanos) {
    if (sorted.length == 0) return Double.NaN;
    int i = Arrays.binarySearch(sorted, nanos + 1);
    int first = i >= 0 ? i : -i - 1;
    while (first > 0 && sorted[first - 1] > nanos) first--;
    return (sorted.length - first) / (double) sorted.length;
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) return Double.NaN;
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
    return sorted[i] / 1e6;
  }

  static String caller(int i) {
    return "+1212" + (2_000_000 + i);
  }

  /**
   * Sends requests [from, from + count) over {@value #CONNECTIONS} keep-alive connections, at {@code rate} per
   * second (open loop: {@code dueAt[k]} is when request k was due, whether or not a connection was free), or back
   * to back at rate 0 (then {@code dueAt[k]} is when a connection took it).
   */
  private static void run(Connection[] connections, byte[][] requests, int from, int count, int rate, long[] dueAt,
      long[] answeredAt) throws Exception {
    // Boxed before the clock starts: boxing each index as it is queued allocated more than some server stages.
    Integer[] indexes = new Integer[count];
    for (int k = 0; k < count; k++) indexes[k] = k;
    BlockingQueue<Integer> queue = new ArrayBlockingQueue<>(count + CONNECTIONS);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(count);
    AtomicInteger next = new AtomicInteger();
    Thread[] clients = new Thread[CONNECTIONS];
    for (int c = 0; c < CONNECTIONS; c++) {
      Connection connection = connections[c];
      connection.reopenIfClosed();
      clients[c] = new Thread(() -> {
        try {
          while (true) {
            int k;
            if (rate > 0) {
              k = queue.take();
              if (k < 0) return;
            } else {
              k = next.getAndIncrement();
              if (k >= count) return;
              dueAt[k] = System.nanoTime();
            }
            connection.out.write(requests[from + k]);
            connection.out.flush();
            int status = readResponse(connection.in);
            answeredAt[k] = System.nanoTime();
            if (status != 200) throw new IllegalStateException("webhook answered " + status);
            done.countDown();
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
          while (done.getCount() > 0) done.countDown();
        }
      }, "client-" + c);
      clients[c].start();
    }
    if (rate > 0) {
      long start = System.nanoTime();
      for (int k = 0; k < count; k++) {
        long due = start + (long) (k * (1e9 / rate));
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          // Not Thread.sleep(0, 100_000): before Java 21 it sleeps a whole millisecond, and the late requests
          // counted half a millisecond of the generator's own lateness at the median.
          if (wait > 200_000) LockSupport.parkNanos(100_000);
          else Thread.onSpinWait();
        }
        dueAt[k] = due;
        queue.add(indexes[k]);
      }
      for (int c = 0; c < CONNECTIONS; c++) queue.add(-1);
    }
    done.await();
    for (Thread t : clients) t.join();
    if (failure.get() != null) throw new IllegalStateException("a webhook failed", failure.get());
  }

  /**
   * One of the load generator's keep-alive connections, kept from the warm-up into the measured run: connections
   * opened at the start of the measured run made the server's JIT-compiled code for reading requests trap and be
   * compiled again (a branch only a new connection takes), which a server whose carriers keep connecting never sees
   * all at once.
   */
  private static final class Connection implements AutoCloseable {
    private final int port;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    Connection(int port) throws IOException {
      this.port = port;
      open();
    }

    private void open() throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 8192);
    }

    /** Opens the connection again when the server closed it while it was idle (its idle timeout is 30 s). */
    void reopenIfClosed() throws IOException {
      socket.setSoTimeout(1);
      boolean closed;
      try {
        int b = in.read();
        if (b >= 0) throw new IllegalStateException("the server sent a byte nobody asked for");
        closed = true;
      } catch (SocketTimeoutException stillOpen) {
        closed = false;
      } catch (IOException reset) {
        closed = true;
      } finally {
        if (!socket.isClosed()) socket.setSoTimeout(0);
      }
      if (closed) {
        socket.close();
        open();
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** Reads one HTTP/1.1 response (Content-Length or chunked body) and returns its status. */
  private static int readResponse(InputStream in) throws IOException {
    String statusLine = line(in);
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    for (String header; !(header = line(in)).isEmpty(); ) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) length = Long.parseLong(lower.substring(15).trim());
      if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
    }
    if (chunked) {
      for (long size; (size = Long.parseLong(line(in).trim(), 16)) > 0; ) {
        skip(in, size);
        line(in);
      }
      line(in);
    } else if (length > 0) {
      skip(in, length);
    }
    return status;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) throw new IOException("connection closed by the server");
      if (b != '\r') line.append((char) b);
    }
    return line.toString();
  }

  private static void skip(InputStream in, long n) throws IOException {
    while (n > 0) {
      long skipped = in.skip(n);
      if (skipped <= 0) {
        if (in.read() < 0) throw new IOException("connection closed by the server");
        skipped = 1;
      }
      n -= skipped;
    }
  }

  /** One signed webhook, as bytes on the wire: a missed call from caller {@code i}. */
  private static byte[] request(int port, int i) throws GeneralSecurityException {
    Map<String, String> params = new TreeMap<>();
    params.put("AccountSid", SID);
    params.put("CallSid", String.format("CA%032d", i));
    params.put("CallStatus", "in-progress");
    params.put("DialCallStatus", "no-answer");
    params.put("Direction", "inbound");
    params.put("From", caller(i));
    params.put("To", LINE);
    params.put("Called", LINE);
    params.put("Caller", caller(i));
    String body = params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    String head = "POST " + PATH + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + port + "\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\n"
        + "X-Twilio-Signature: " + sign(PUBLIC + PATH, params) + "\r\n"
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n";
    return (head + body).getBytes(StandardCharsets.UTF_8);
  }

  /** Twilio's documented scheme: HMAC-SHA1 of the URL followed by each parameter name and value, sorted, base64. */
  private static String sign(String url, Map<String, String> sortedParams) throws GeneralSecurityException {
    StringBuilder data = new StringBuilder(url);
    sortedParams.forEach((k, v) -> data.append(k).append(v));
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
