package dev.textback.server;

import dev.textback.demo.TwilioSimulator;
import dev.textback.demo.Demo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import dev.textback.phone.PhoneNumber;
import dev.textback.phone.PhoneNumbers;
import dev.textback.policy.QuietHoursPolicy;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two server processes on one PostgreSQL database, each call delivered to both at once (a carrier retry
 * landing on the other instance behind a load balancer): one text per call. Needs the PostgreSQL that
 * .ci/pg-start.sh starts (or TEXTBACK_TEST_PG_URL pointing at a server whose user may create databases).
 */
class TwoServersOnPostgresTest {
  private static final String PG = System.getenv().getOrDefault("TEXTBACK_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:55432/textback_test?user=postgres");
  private static final String LINE = "+13035550142";
  private static final int CALLERS = 12;

  private final String database = "textback_examples_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final List<Process> servers = new ArrayList<>();
  private TwilioSimulator carrier;
  private Path configFile;

  @BeforeEach
  void setUp() throws Exception {
    try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("PostgreSQL is not reachable at " + PG + ": run `bash .ci/pg-start.sh` first ("
          + e.getMessage() + ")", e);
    }
    carrier = new TwilioSimulator(new PrintStream(PrintStream.nullOutputStream()));
    configFile = Files.createTempFile("textback-config", ".json");
    try (InputStream in = Demo.class.getResourceAsStream("demo-config.json")) {
      Files.write(configFile, in.readAllBytes());
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : servers) {
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
    }
    if (carrier != null) carrier.close();
    if (configFile != null) Files.deleteIfExists(configFile);
    try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts a server JVM and waits until it says it is running. */
  private String startServer() throws Exception {
    int port = freePort();
    String url = PG.replace("/textback_test", "/" + database);
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), TextbackServer.class.getName());
    Map<String, String> env = pb.environment();
    env.put("TEXTBACK_PORT", String.valueOf(port));
    env.put("TEXTBACK_CONFIG", configFile.toString());
    env.put("TEXTBACK_STORE", url);
    env.put("TEXTBACK_ADMIN_TOKEN", "t");
    env.put("TWILIO_ACCOUNT_SID", carrier.accountSid());
    env.put("TWILIO_AUTH_TOKEN", carrier.authToken());
    env.put("TWILIO_API_BASE_URL", carrier.apiBaseUrl());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    servers.add(p);
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.startsWith("textback is running")) ready.countDown();
          if (line.contains("level=ERROR") || line.startsWith("textback:")) System.out.println("[server " + port + "] " + line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    assertThat(ready.await(90, TimeUnit.SECONDS)).as("server on port " + port + " started").isTrue();
    return "http://127.0.0.1:" + port;
  }

  /**
   * A caller for whom the default quiet-hours window is open now and in ten minutes, so the text goes out at
   * once whenever the test runs: New York, London, Tokyo or Sydney numbers, whichever is awake.
   */
  private static String callerAwakeNow(int i) {
    QuietHoursPolicy quiet = QuietHoursPolicy.defaults();
    Instant now = Instant.now();
    for (String prefix : List.of("+1212555", "+44791112", "+81901234", "+6141255")) {
      PhoneNumber candidate = PhoneNumber.of(prefix + String.format("%04d", 1000 + i));
      if (PhoneNumbers.parse(candidate.e164(), "US").isValid()
          && quiet.check(candidate, ZoneId.of("America/Denver"), now).open()
          && quiet.check(candidate, ZoneId.of("America/Denver"), now.plusSeconds(600)).open()) {
        return candidate.e164();
      }
    }
    throw new IllegalStateException("no candidate caller is inside the quiet-hours window now");
  }

  @Test
  void two_server_processes_on_one_database_send_one_text_per_call() throws Exception {
    String a = startServer();
    String b = startServer();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> deliveries = new ArrayList<>();
    List<String> callers = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      String caller = callerAwakeNow(i);
      callers.add(caller);
      String callSid = carrier.newCallSid();
      for (String server : List.of(a, b)) {
        deliveries.add(pool.submit(() -> carrier.call(server, callSid, caller, LINE, "no-answer", 0)));
      }
    }
    for (Future<?> f : deliveries) f.get(60, TimeUnit.SECONDS);
    pool.shutdown();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (carrier.sent().size() < CALLERS && System.nanoTime() < deadline) Thread.sleep(100);
    Thread.sleep(3000); // room for a second copy to show up, were there one
    Map<String, Long> perCaller = carrier.sent().stream()
        .collect(Collectors.groupingBy(TwilioSimulator.Sent::to, Collectors.counting()));
    System.out.printf("two servers: %d calls delivered twice each, %d texts sent%n", CALLERS, carrier.sent().size());
    assertThat(perCaller.keySet()).containsExactlyInAnyOrderElementsOf(callers);
    assertThat(perCaller.values()).allMatch(n -> n == 1L);
  }
}
