package dev.textback.benchmarks.server;

import dev.textback.benchmarks.senders.FakeCarrierApi;
import dev.textback.server.ServerConfig;
import dev.textback.server.Settings;
import dev.textback.server.TextbackServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * End to end through the reference server: signed Twilio webhooks of missed calls (the {@code <Dial>} action with
 * no answer) over HTTP into {@link TextbackServer} (in-memory store), whose Twilio gateway sends to a fake Twilio API
 * on loopback. Measures, per call, from the moment the webhook request is sent to the moment the fake receives the
 * send request for that caller: p50/p99/max, at a fixed offered rate and at saturation.
 *
 * <p>Usage: {@code EndToEnd [rate per second, default 1000] [calls, default 20000]}; a rate of 0 means saturation
 * (32 clients back to back).
 */
public final class EndToEnd {
  private static final String SID = "AC0123456789abcdef0123456789abcdef";
  private static final String TOKEN = "5b1a2c3d4e5f60719f3b6e2a41c8d7e0";
  private static final String PUBLIC = "https://textback.example.com";
  private static final String LINE = "+13035550142";
  private static final Instant AFTERNOON = Instant.parse("2026-07-14T20:00:00Z");

  private EndToEnd() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int calls = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 20_000;
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Map<String, Long> receivedAt = new ConcurrentHashMap<>();
    CountDownLatch allSent = new CountDownLatch(calls + 2_000);
    try (FakeCarrierApi api = new FakeCarrierApi(new FakeCarrierApi.Answer(201, "application/json",
        "{\"sid\":\"SM99999999999999999999999999999999\",\"status\":\"queued\",\"num_segments\":\"1\"}"),
        form -> {
          String to = form.get("To");
          if (to != null) receivedAt.putIfAbsent(to, System.nanoTime());
          allSent.countDown();
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
      env.put("TEXTBACK_STORE", "memory");
      env.put("TEXTBACK_PORT", "0");
      env.put("TEXTBACK_PUBLIC_URL", PUBLIC);
      env.put("TEXTBACK_ADMIN_TOKEN", "bench-admin-token-0123456789abcdef");
      env.put("TWILIO_ACCOUNT_SID", SID);
      env.put("TWILIO_AUTH_TOKEN", TOKEN);
      env.put("TWILIO_API_BASE_URL", api.baseUrl());
      Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), AFTERNOON));
      try (TextbackServer server = TextbackServer.start(Settings.from(env, new String[0]), ServerConfig.load(config),
          clock, businessId -> Map.of())) {
        String base = "http://127.0.0.1:" + server.port() + "/webhooks/twilio/voice/dial";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // Warm-up: 2,000 calls, not measured.
        drive(http, base, 0, 2_000, 0, sentAt);
        sentAt.clear();
        long start = System.nanoTime();
        drive(http, base, 2_000, calls, rate, sentAt);
        long offered = System.nanoTime() - start;
        boolean all = allSent.await(2, TimeUnit.MINUTES);
        long[] latencies = sentAt.entrySet().stream()
            .filter(e -> receivedAt.containsKey(e.getKey()))
            .mapToLong(e -> receivedAt.get(e.getKey()) - e.getValue()).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s: %,d calls in %.1f s (%,.0f/s offered and accepted), %d cores%n",
            rate == 0 ? "saturation (32 clients)" : "fixed rate " + rate + "/s", calls, offered / 1e9,
            calls / (offered / 1e9), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "webhook sent -> send request at the fake: p50 %.2f ms  p99 %.2f ms  max %.2f ms"
            + " (%,d of %,d texts arrived%s)%n", pct(latencies, 0.5), pct(latencies, 0.99), pct(latencies, 1.0),
            latencies.length, calls, all ? "" : ", NOT ALL");
      }
    }
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) return Double.NaN;
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
    return sorted[i] / 1e6;
  }

  static String caller(int i) {
    return "+1212" + (2_000_000 + i);
  }

  /** Sends calls [from, from + count) at {@code rate} per second (open loop), or back to back from 32 clients at 0. */
  private static void drive(HttpClient http, String url, int from, int count, int rate, Map<String, Long> sentAt)
      throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(32);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(count);
    AtomicInteger next = new AtomicInteger(from);
    long start = System.nanoTime();
    for (int k = 0; k < count; k++) {
      if (rate > 0) {
        long due = start + (long) (k * (1e9 / rate));
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          if (wait > 200_000) Thread.sleep(0, 100_000);
          else Thread.onSpinWait();
        }
      }
      int i = rate > 0 ? from + k : next.getAndIncrement();
      Runnable call = () -> {
        try {
          post(http, url, i, sentAt);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          done.countDown();
        }
      };
      clients.execute(call);
    }
    done.await();
    clients.shutdown();
    if (failure.get() != null) throw new IllegalStateException("a webhook failed", failure.get());
  }

  private static void post(HttpClient http, String url, int i, Map<String, Long> sentAt) throws Exception {
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
    String publicUrl = PUBLIC + "/webhooks/twilio/voice/dial";
    String body = params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", sign(publicUrl, params))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    sentAt.put(caller(i), System.nanoTime());
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("webhook answered " + response.statusCode() + ": " + response.body());
    }
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
