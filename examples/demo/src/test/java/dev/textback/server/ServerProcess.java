package dev.textback.server;

import dev.textback.demo.TwilioSimulator;
import dev.textback.demo.Demo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reference server's {@code main} in a JVM of its own, configured by environment variables as an operator
 * would, with the carrier simulator's Twilio credentials: a process the tests can kill with SIGKILL. One port
 * for every process started from one instance, as the carrier's console URLs name one address.
 */
final class ServerProcess {
  static final String LINE = "+13035550142";
  /** Where each process's whole output goes. */
  private static final Path LOGS = Path.of("target", "server-logs");
  private static final int WARNINGS_KEPT = 20_000;
  /** Shown at most this many of a process's ERROR lines; the rest are counted. */
  private static final int ERRORS_SHOWN = 5;

  /**
   * One business on {@link #LINE}, forwarding to a phone that rings out. Quiet hours let every text go at once
   * whenever the test runs; each call has a caller of its own, so no cooldown holds a text back either.
   */
  static final String CONFIG = """
      { "businesses": [ {
          "id": "summit", "name": "Summit Heating & Cooling", "region": "US", "timeZone": "America/Denver",
          "numbers": [ { "number": "%s", "forwardTo": "+13035550199" } ],
          "templates": { "en": { "default": "Hi, this is {business}. Sorry we missed your call. Reply here." } },
          "quietHours": { "mode": "send" } } ] }
      """.formatted(LINE);

  private final TwilioSimulator carrier;
  private final String store;
  private final Map<String, String> extraEnv;
  private final Path config;
  private final int port;
  private final List<Process> started = new ArrayList<>();
  /** The WARN and ERROR lines of every process, the first {@link #WARNINGS_KEPT}. */
  private final List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Process current;

  /** @param extraEnv more environment variables for every process, e.g. TEXTBACK_WEBHOOK_RETRY_BUDGET */
  ServerProcess(TwilioSimulator carrier, String store, Map<String, String> extraEnv) throws IOException {
    this.carrier = carrier;
    this.store = store;
    this.extraEnv = Map.copyOf(extraEnv);
    this.config = Files.createTempFile("textback-config", ".json");
    Files.writeString(config, CONFIG);
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts a server process and waits until it says it is running. */
  void start() throws Exception {
    assertThat(current == null || !current.isAlive()).as("the previous server process has ended").isTrue();
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), TextbackServer.class.getName());
    Map<String, String> env = pb.environment();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("TEXTBACK_PORT", String.valueOf(port));
    settings.put("TEXTBACK_CONFIG", config.toString());
    settings.put("TEXTBACK_STORE", store);
    settings.put("TEXTBACK_ADMIN_TOKEN", "t");
    settings.put("TWILIO_ACCOUNT_SID", carrier.accountSid());
    settings.put("TWILIO_AUTH_TOKEN", carrier.authToken());
    settings.put("TWILIO_API_BASE_URL", carrier.apiBaseUrl());
    settings.putAll(extraEnv);
    env.putAll(settings);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    started.add(p);
    current = p;
    int number = started.size();
    Files.createDirectories(LOGS);
    Path log = LOGS.resolve("server-" + port + "-" + number + ".log");
    CountDownLatch ready = new CountDownLatch(1);
    List<String> early = new ArrayList<>();
    AtomicInteger errors = new AtomicInteger();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
          java.io.Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
        for (String line; (line = r.readLine()) != null; ) {
          out.write(line);
          out.write('\n');
          if (line.startsWith("textback is running")) ready.countDown();
          synchronized (early) {
            if (ready.getCount() > 0 && early.size() < 100) early.add(line);
          }
          if ((line.contains("level=WARN") || line.contains("level=ERROR")) && warnings.size() < WARNINGS_KEPT) {
            warnings.add(line);
          }
          if (line.contains("level=ERROR") || line.startsWith("textback:")) {
            if (errors.incrementAndGet() <= ERRORS_SHOWN) {
              System.out.println("[server " + number + "] " + line.substring(0, Math.min(line.length(), 400)));
            }
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
      if (errors.get() > ERRORS_SHOWN) {
        System.out.println("[server " + number + "] " + errors.get() + " ERROR lines in all; whole output in " + log);
      }
    }, "server-" + number + "-output");
    reader.setDaemon(true);
    reader.start();
    boolean up = ready.await(90, TimeUnit.SECONDS);
    synchronized (early) {
      assertThat(up).as("server process %d started; its output: %s", number, early).isTrue();
    }
  }

  /** How many WARN and ERROR lines of the processes so far contain {@code text}. */
  long warningsContaining(String text) {
    return warnings.stream().filter(line -> line.contains(text)).count();
  }

  /** The WARN and ERROR lines of the processes so far that contain {@code text}. */
  List<String> warningLines(String text) {
    return warnings.stream().filter(line -> line.contains(text)).toList();
  }

  boolean isAlive() {
    return current != null && current.isAlive();
  }

  long pid() {
    return current.pid();
  }

  /** SIGKILL: no shutdown hook, no drain, nothing flushed that was not already. */
  void kill() throws InterruptedException {
    current.destroyForcibly();
    assertThat(current.waitFor(30, TimeUnit.SECONDS)).as("the killed server ended").isTrue();
  }

  /** SIGTERM: the server drains its sends and closes the store. */
  void stop() throws InterruptedException {
    if (current == null || !current.isAlive()) return;
    current.destroy();
    if (!current.waitFor(40, TimeUnit.SECONDS)) current.destroyForcibly();
  }

  /** Ends every process this instance started and deletes the config file. */
  void close() throws Exception {
    for (Process p : started) {
      if (p.isAlive()) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
    Files.deleteIfExists(config);
  }
}
