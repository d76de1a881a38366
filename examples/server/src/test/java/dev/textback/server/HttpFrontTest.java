package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.EndPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Jetty front on its own, with a small app that echoes what it was handed. */
class HttpFrontTest {
  private static final HttpFront.App ECHO = call -> HttpReply.text(200, call.method() + " path=" + call.path()
      + " rawPath=" + call.rawPath() + " rawQuery=" + call.rawQuery() + " x-test=" + call.header("X-Test").orElse("-")
      + " body=" + new String(call.body(), StandardCharsets.UTF_8));

  private HttpFront front;
  private final List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

  private void start(HttpFront.Limits limits, List<HttpFront.Lane> lanes, HttpFront.App app) throws Exception {
    front = new HttpFront("127.0.0.1", 0, limits, lanes, Map.of("X-Content-Type-Options", "nosniff"), app);
    front.start();
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) s.close();
    if (front != null) front.close();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.setSoTimeout(10_000);
    s.connect(new InetSocketAddress("127.0.0.1", front.port()), 5000);
    return s;
  }

  private String exchange(String request) throws IOException {
    Socket s = connect();
    s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
    return RawHttp.readResponse(s.getInputStream());
  }

  @Test
  void accepted_sockets_have_tcp_nodelay_set() throws Exception {
    start(HttpFront.Limits.defaults(), List.of(), ECHO);
    exchange("GET /x HTTP/1.1\r\nHost: h\r\n\r\n");

    List<Boolean> noDelay = new ArrayList<>();
    for (EndPoint endPoint : front.connector().getConnectedEndPoints()) {
      noDelay.add(((SocketChannel) endPoint.getTransport()).getOption(StandardSocketOptions.TCP_NODELAY));
    }

    assertThat(noDelay).isNotEmpty().containsOnly(true);
  }

  @Test
  void hands_the_app_the_path_as_sent_and_decoded_the_raw_query_headers_and_body() throws Exception {
    start(HttpFront.Limits.defaults(), List.of(), ECHO);

    String response = exchange("POST /hooks/a%2Bb?To=%2B1303&x HTTP/1.1\r\nHost: h\r\nx-TEST: yes\r\n"
        + "Content-Length: 5\r\n\r\nhello");

    assertThat(response).startsWith("HTTP/1.1 200").contains("X-Content-Type-Options: nosniff")
        .endsWith("POST path=/hooks/a+b rawPath=/hooks/a%2Bb rawQuery=To=%2B1303&x x-test=yes body=hello");
  }

  @Test
  void a_chunked_body_over_the_limit_is_refused_with_413() throws Exception {
    start(new HttpFront.Limits(Duration.ofSeconds(30), 100, Duration.ofSeconds(2), 1000, 8192), List.of(), ECHO);
    String chunk = "x".repeat(600);

    String response = exchange("POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "258\r\n" + chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 413").endsWith("body too large\n");
  }

  @Test
  void a_client_that_sends_a_whole_oversized_body_before_reading_still_gets_the_413() throws Exception {
    start(new HttpFront.Limits(Duration.ofSeconds(30), 100, Duration.ofSeconds(2), 1000, 8192), List.of(), ECHO);
    int size = 2 * 1024 * 1024;

    // Written in full before anything is read: closing with these bytes unread would reset the connection.
    String response = exchange("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: " + size + "\r\n\r\n"
        + "x".repeat(size));

    assertThat(response).startsWith("HTTP/1.1 413").endsWith("body too large\n");
  }

  @Test
  void a_declared_body_beyond_the_drain_limit_is_refused_before_it_is_sent() throws Exception {
    start(new HttpFront.Limits(Duration.ofSeconds(30), 100, Duration.ofSeconds(2), 1000, 8192), List.of(), ECHO);

    String response = exchange("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: " + (HttpFront.DRAIN_LIMIT + 1)
        + "\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 413").endsWith("body too large\n");
  }

  @Test
  void bodies_held_at_once_past_the_budget_are_answered_503_and_the_budget_comes_back() throws Exception {
    start(new HttpFront.Limits(Duration.ofSeconds(30), 100, Duration.ofSeconds(2), 8_000, 8192, 10_000), List.of(),
        ECHO);
    String head = "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 8000\r\n\r\n";
    Socket first = connect();
    first.getOutputStream().write((head + "a".repeat(6_000)).getBytes(StandardCharsets.US_ASCII));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (front.bufferedBodyBytes() < 6_000 && System.nanoTime() < deadline) Thread.sleep(5);
    assertThat(front.bufferedBodyBytes()).as("the first body is held, 2,000 bytes short").isEqualTo(6_000);

    // 6,000 more would hold 12,000 bytes against a budget of 10,000: a client holding bodies open cannot fill the heap.
    String second = exchange(head + "b".repeat(6_000));
    first.getOutputStream().write("a".repeat(2_000).getBytes(StandardCharsets.US_ASCII));
    String firstAnswer = RawHttp.readResponse(first.getInputStream());
    String third = exchange(head + "c".repeat(8_000));

    assertThat(second).startsWith("HTTP/1.1 503");
    assertThat(firstAnswer).startsWith("HTTP/1.1 200").endsWith("body=" + "a".repeat(8_000));
    assertThat(third).as("the budget came back").startsWith("HTTP/1.1 200");
    assertThat(front.bufferedBodyBytes()).isZero();
  }

  @Test
  void a_connection_that_stops_in_the_middle_of_its_headers_is_closed_after_the_idle_timeout() throws Exception {
    start(new HttpFront.Limits(Duration.ofMillis(300), 100, Duration.ofMillis(100), 1000, 8192), List.of(), ECHO);
    Socket s = connect();
    s.getOutputStream().write("GET /x HTTP/1.1\r\nHost: h\r\n".getBytes(StandardCharsets.US_ASCII));

    // Closed without an answer: there is no request to answer. A connection still open reads as a timeout.
    assertThat(readToEnd(s.getInputStream())).isEmpty();
  }

  @Test
  void a_full_lane_answers_503_at_once_while_other_requests_go_on() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    HttpFront.App app = holding(path -> path.startsWith("/slow/"), running, release,
        new java.util.concurrent.CopyOnWriteArrayList<>());
    start(HttpFront.Limits.defaults(), List.of(new HttpFront.Lane("slow", "/slow/", 1, 1)), app);
    Socket busy = connect();
    busy.getOutputStream().write("GET /slow/1 HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    Socket queued = connect();
    queued.getOutputStream().write("GET /slow/2 HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    Thread.sleep(200); // let the front take the second request into the lane's queue

    String refused = exchange("GET /slow/3 HTTP/1.1\r\nHost: h\r\n\r\n");
    String other = exchange("GET /fast HTTP/1.1\r\nHost: h\r\n\r\n");
    release.countDown();

    assertThat(refused).startsWith("HTTP/1.1 503").contains("Retry-After: 1");
    assertThat(other).startsWith("HTTP/1.1 200");
    assertThat(RawHttp.readResponse(busy.getInputStream())).startsWith("HTTP/1.1 200");
    assertThat(RawHttp.readResponse(queued.getInputStream())).startsWith("HTTP/1.1 200");
  }

  @Test
  void requests_of_a_lane_run_at_most_its_threads_at_once_and_every_waiting_one_is_answered() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    AtomicInteger handled = new AtomicInteger();
    HttpFront.App app = call -> {
      int now = running.incrementAndGet();
      mostAtOnce.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(call.path().endsWith("/0") ? 20 : 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        running.decrementAndGet();
      }
      handled.incrementAndGet();
      return ECHO.handle(call);
    };
    // Two threads and room for every request to wait: none may be refused, and none may wait for ever.
    start(HttpFront.Limits.defaults(), List.of(new HttpFront.Lane("lane", "/lane/", 2, 64)), app);
    int clients = 16;
    int each = 25;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<List<String>>> answers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        answers.add(pool.submit(() -> {
          List<String> got = new ArrayList<>();
          Socket s = connect();
          for (int i = 0; i < each; i++) {
            s.getOutputStream().write(("GET /lane/" + client + "/" + (i % 5) + " HTTP/1.1\r\nHost: h\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            got.add(RawHttp.readResponse(s.getInputStream()));
          }
          return got;
        }));
      }
      for (Future<List<String>> answer : answers) {
        assertThat(answer.get(1, TimeUnit.MINUTES)).hasSize(each).allMatch(r -> r.startsWith("HTTP/1.1 200"));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(handled).hasValue(clients * each);
    assertThat(mostAtOnce.get()).as("requests of the lane running at once").isBetween(1, 2);
  }

  @Test
  void waiting_requests_of_a_full_lane_all_run_once_its_thread_is_free_while_others_are_answered() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch firstRunning = new CountDownLatch(1);
    List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpFront.App app = holding(path -> path.equals("/slow/first"), firstRunning, release, handled);
    start(HttpFront.Limits.defaults(), List.of(new HttpFront.Lane("slow", "/slow/", 1, 8)), app);
    Socket first = connect();
    first.getOutputStream().write("GET /slow/first HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
    List<Socket> waiting = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Socket s = connect();
      s.getOutputStream()
          .write(("GET /slow/" + i + " HTTP/1.1\r\nHost: h\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      waiting.add(s);
    }
    // While they wait, requests outside the lane are answered.
    assertThat(exchange("GET /fast HTTP/1.1\r\nHost: h\r\n\r\n")).startsWith("HTTP/1.1 200");
    assertThat(handled).as("requests run while the lane's one thread is taken")
        .containsExactly("/slow/first", "/fast");

    release.countDown();

    assertThat(RawHttp.readResponse(first.getInputStream())).startsWith("HTTP/1.1 200");
    for (Socket s : waiting) assertThat(RawHttp.readResponse(s.getInputStream())).startsWith("HTTP/1.1 200");
  }

  @Test
  void a_handler_that_throws_an_error_is_answered_500_at_once_and_its_lane_goes_on() throws Exception {
    HttpFront.App app = call -> {
      if (call.path().equals("/lane/broken")) throw new StackOverflowError("simulated");
      return ECHO.handle(call);
    };
    start(HttpFront.Limits.defaults(), List.of(new HttpFront.Lane("lane", "/lane/", 1, 1)), app);
    Socket broken = connect();
    broken.getOutputStream().write("GET /lane/broken HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(RawHttp.readResponse(broken.getInputStream())).startsWith("HTTP/1.1 500");

    for (int i = 0; i < 3; i++) {
      assertThat(exchange("GET /lane/" + i + " HTTP/1.1\r\nHost: h\r\n\r\n")).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void a_handler_outside_the_lanes_that_throws_an_error_is_answered_500_and_its_connection_goes_on()
      throws Exception {
    HttpFront.App app = call -> {
      if (call.path().equals("/broken")) throw new StackOverflowError("simulated");
      return ECHO.handle(call);
    };
    start(HttpFront.Limits.defaults(), List.of(), app);
    Socket s = connect();
    s.getOutputStream().write("GET /broken HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(RawHttp.readResponse(s.getInputStream())).startsWith("HTTP/1.1 500");

    s.getOutputStream().write("GET /next HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(RawHttp.readResponse(s.getInputStream())).startsWith("HTTP/1.1 200").contains("path=/next");
  }

  @Test
  void at_the_connection_limit_hanging_connections_give_way_to_new_ones() throws Exception {
    start(new HttpFront.Limits(Duration.ofSeconds(60), 5, Duration.ofMillis(200), 1000, 8192), List.of(), ECHO);
    for (int i = 0; i < 5; i++) {
      connect().getOutputStream().write("GET /x HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    // Without the limit's shorter idle timeout this would wait for the 60 s one and the socket's 10 s read
    // timeout would fail the test.
    assertThat(exchange("GET /x HTTP/1.1\r\nHost: h\r\n\r\n")).startsWith("HTTP/1.1 200");
  }

  /**
   * Echoes each request after adding its path to {@code handled}; one whose path {@code held} picks counts
   * {@code running} down and waits for {@code release} first.
   */
  private static HttpFront.App holding(java.util.function.Predicate<String> held, CountDownLatch running,
      CountDownLatch release, List<String> handled) {
    return call -> {
      handled.add(call.path());
      if (held.test(call.path())) {
        running.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return ECHO.handle(call);
    };
  }

  private static String readToEnd(InputStream in) throws IOException {
    try {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (SocketTimeoutException e) {
      return "still open after 10 s";
    }
  }
}
