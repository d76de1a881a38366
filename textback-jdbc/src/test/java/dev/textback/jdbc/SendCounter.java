package dev.textback.jdbc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in carrier on loopback that counts every send it receives by idempotency key. It records a request
 * as soon as it arrives and answers only after a delay, so a sender killed meanwhile leaves texts the carrier
 * has but the sender never heard about.
 */
final class SendCounter implements AutoCloseable {
  static final String KEY_HEADER = "Idempotency-Key";

  /** One request as received. */
  record Received(String key, String to, String body) {}

  private final Duration answerDelay;
  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "send-counter");
    t.setDaemon(true);
    return t;
  });
  private final Object lock = new Object();
  private final Map<String, List<Received>> byKey = new LinkedHashMap<>();
  private int active;
  private long lastArrival = System.nanoTime();
  private long answers;

  SendCounter(Duration answerDelay) throws IOException {
    this.answerDelay = answerDelay;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/messages", this::handle);
    server.setExecutor(handlers);
    server.start();
  }

  URI uri() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort()
        + "/messages");
  }

  private void handle(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestHeaders().getFirst(KEY_HEADER);
    synchronized (lock) {
      active++;
      lastArrival = System.nanoTime();
    }
    try {
      Map<String, String> form = parseForm(new String(exchange.getRequestBody().readAllBytes(),
          StandardCharsets.UTF_8));
      if (key == null) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      long answer;
      synchronized (lock) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new Received(key, form.get("to"), form.get("body")));
        answer = ++answers;
        lock.notifyAll();
      }
      Thread.sleep(answerDelay.toMillis());
      byte[] id = ("SM" + answer).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, id.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(id);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
      synchronized (lock) {
        active--;
        lock.notifyAll();
      }
    }
  }

  private static Map<String, String> parseForm(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq < 0) continue;
      form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }

  /** How many times each idempotency key was received. */
  Map<String, Integer> counts() {
    synchronized (lock) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      byKey.forEach((k, v) -> counts.put(k, v.size()));
      return counts;
    }
  }

  List<Received> received(String key) {
    synchronized (lock) {
      return List.copyOf(byKey.getOrDefault(key, List.of()));
    }
  }

  /**
   * Waits until at least {@code keys} distinct keys have arrived.
   *
   * @return false when {@code timeout} passed first
   */
  boolean awaitDistinctKeys(int keys, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (byKey.size() < keys) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /**
   * Waits until no request is being handled and none has arrived for {@code quiet}, so whatever a dead sender
   * had already put on the wire has been counted.
   *
   * @return false when {@code timeout} passed first
   */
  boolean awaitQuiet(Duration quiet, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        long now = System.nanoTime();
        if (active == 0 && now - lastArrival >= quiet.toNanos()) return true;
        if (now >= deadline) return false;
        TimeUnit.NANOSECONDS.timedWait(lock, Math.min(deadline - now, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
