package dev.textback.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.textback.phone.CarrierId;
import dev.textback.spi.RetriableSendException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One send request: sent once, answer read up to a bound, failures honest about whether it left. */
class CarrierHttpTest {
  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient base = new OkHttpClient();
  private CarrierHttp http;

  @BeforeEach
  void start() throws Exception {
    server.start();
    http = new CarrierHttp(CarrierId.of("acme"), "Acme",
        CarrierHttp.client(base, Duration.ofSeconds(2), Duration.ofMillis(300)));
  }

  @AfterEach
  void stop() {
    server.close();
    base.dispatcher().executorService().shutdown();
    base.connectionPool().evictAll();
  }

  private HttpReply post() {
    return http.post(server.url("/send"), Headers.of("Authorization", "Basic x"),
        new FormBody.Builder().add("To", "+15550001111").build(), "ob_1");
  }

  /** Two sends at once, so the pool keeps two connections, each answered with {@code answer}. */
  private void aBurstOfTwo(CarrierHttp client, MockResponse.Builder answer) throws Exception {
    for (int i = 0; i < 2; i++) server.enqueue(answer.headersDelay(300, TimeUnit.MILLISECONDS).build());
    java.util.concurrent.CompletableFuture<?> a = java.util.concurrent.CompletableFuture.runAsync(
        () -> client.post(server.url("/send"), Headers.of(), new FormBody.Builder().add("To", "+1").build(), "a"));
    java.util.concurrent.CompletableFuture<?> b = java.util.concurrent.CompletableFuture.runAsync(
        () -> client.post(server.url("/send"), Headers.of(), new FormBody.Builder().add("To", "+1").build(), "b"));
    a.get(5, TimeUnit.SECONDS);
    b.get(5, TimeUnit.SECONDS);
    assertThat(base.connectionPool().idleConnectionCount()).as("two pooled connections").isEqualTo(2);
  }

  @Test
  void a_send_goes_out_when_every_pooled_connection_was_closed_by_the_peer() throws Exception {
    CarrierHttp patient = new CarrierHttp(CarrierId.of("acme"), "Acme",
        CarrierHttp.client(base, Duration.ofSeconds(2), Duration.ofSeconds(2)));
    aBurstOfTwo(patient,
        new MockResponse.Builder().code(201).body("burst").onResponseEnd(new SocketEffect.CloseSocket()));
    server.enqueue(new MockResponse(201, Headers.of(), "after"));
    Thread.sleep(200); // the closes have reached the client's side

    assertThat(patient.post(server.url("/send"), Headers.of(), new FormBody.Builder().add("To", "+1").build(), "c")
        .body()).as("not refused as stale twice over").isEqualTo("after");
  }

  @Test
  void a_send_goes_out_when_every_pooled_connection_idled_past_the_limit() throws Exception {
    CarrierHttp shortIdle = new CarrierHttp(CarrierId.of("acme"), "Acme",
        CarrierHttp.client(base, Duration.ofSeconds(2), Duration.ofSeconds(2)), Duration.ofMillis(100));
    aBurstOfTwo(shortIdle, new MockResponse.Builder().code(201).body("burst"));
    server.enqueue(new MockResponse(201, Headers.of(), "after"));
    Thread.sleep(300);

    assertThat(shortIdle.post(server.url("/send"), Headers.of(), new FormBody.Builder().add("To", "+1").build(), "c")
        .body()).isEqualTo("after");
  }

  @Test
  void returns_any_status_with_its_body_and_headers() throws Exception {
    server.enqueue(new MockResponse(400, Headers.of("X-Req", "r1"), "{\"code\":1}"));

    HttpReply reply = post();

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.successful()).isFalse();
    assertThat(reply.body()).isEqualTo("{\"code\":1}");
    assertThat(reply.header("x-req")).contains("r1");
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization")).isEqualTo("Basic x");
  }

  @Test
  void reads_at_most_the_limit_of_a_huge_answer() {
    server.enqueue(new MockResponse(200, Headers.of(), "x".repeat(CarrierHttp.MAX_RESPONSE_BYTES * 4)));

    assertThat(post().body()).hasSize(CarrierHttp.MAX_RESPONSE_BYTES);
  }

  @Test
  void never_follows_a_redirect() {
    server.enqueue(new MockResponse(301, Headers.of("Location", server.url("/elsewhere").toString()), ""));
    server.enqueue(new MockResponse(200, Headers.of(), "followed"));

    assertThat(post().status()).isEqualTo(301);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void flags_a_connection_dropped_after_the_request_was_sent_as_possibly_accepted_and_never_repeats_it() {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, this::post);

    assertThat(e.mayHaveBeenAccepted()).isTrue();
    assertThat(e.httpStatus()).isZero();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void flags_an_answer_that_never_came_as_possibly_accepted() {
    server.enqueue(new MockResponse.Builder().code(200).headersDelay(5, TimeUnit.SECONDS).build());

    assertThat(catchThrowableOfType(RetriableSendException.class, this::post).mayHaveBeenAccepted()).isTrue();
  }

  @Test
  void calls_a_request_that_could_not_connect_never_sent() {
    String closed = server.url("/send").toString();
    server.close();

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, () -> http.post(
        okhttp3.HttpUrl.get(closed), Headers.of(), new FormBody.Builder().add("a", "b").build(), "ob_1"));

    assertThat(e.mayHaveBeenAccepted()).isFalse();
    assertThat(e.carrier()).contains("acme");
  }

  @Test
  void sends_on_a_fresh_connection_when_the_carrier_closed_the_pooled_one_without_saying_so() throws Exception {
    // The first answer keeps the connection (HTTP/1.1, no "Connection: close"), then the server closes it.
    server.enqueue(new MockResponse.Builder().code(201).body("first")
        .onResponseEnd(new SocketEffect.CloseSocket()).build());
    server.enqueue(new MockResponse(201, Headers.of(), "second"));

    assertThat(post().body()).isEqualTo("first");
    Thread.sleep(200); // let the close reach the client, as it does between two sends in practice
    HttpReply second = post();

    assertThat(second.body()).isEqualTo("second");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void does_not_reuse_a_connection_idle_longer_than_carriers_keep_them() throws Exception {
    CarrierHttp shortIdle = new CarrierHttp(CarrierId.of("acme"), "Acme",
        CarrierHttp.client(base, Duration.ofSeconds(2), Duration.ofSeconds(2)), Duration.ofMillis(100));
    server.enqueue(new MockResponse(201, Headers.of(), "first"));
    server.enqueue(new MockResponse(201, Headers.of(), "second"));

    shortIdle.post(server.url("/send"), Headers.of(), new FormBody.Builder().add("a", "1").build(), "ob_1");
    Thread.sleep(300);
    HttpReply second = shortIdle.post(server.url("/send"), Headers.of(),
        new FormBody.Builder().add("a", "2").build(), "ob_2");

    assertThat(second.body()).isEqualTo("second");
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex()).isZero();
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex()).isEqualTo(1);
  }

  @Test
  void reuses_a_healthy_connection() throws Exception {
    server.enqueue(new MockResponse(201, Headers.of(), "first"));
    server.enqueue(new MockResponse(201, Headers.of(), "second"));

    post();
    post();

    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex()).isZero();
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex()).isZero();
  }

  @Test
  void sends_over_http2_without_probing_the_shared_connection() throws Exception {
    MockWebServer h2 = new MockWebServer();
    h2.setProtocols(java.util.List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE));
    h2.start();
    OkHttpClient h2Base = base.newBuilder().protocols(java.util.List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE)).build();
    CarrierHttp overH2 = new CarrierHttp(CarrierId.of("acme"), "Acme",
        CarrierHttp.client(h2Base, Duration.ofSeconds(2), Duration.ofSeconds(2)));
    try {
      h2.enqueue(new MockResponse(201, Headers.of(), "first"));
      h2.enqueue(new MockResponse(201, Headers.of(), "second"));

      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
        overH2.post(h2.url("/send"), Headers.of(), new FormBody.Builder().add("a", "1").build(), "ob_1");
        assertThat(overH2.post(h2.url("/send"), Headers.of(), new FormBody.Builder().add("a", "2").build(), "ob_2")
            .body()).isEqualTo("second");
      });
      assertThat(h2.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex()).isZero();
      assertThat(h2.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex()).isZero();
    } finally {
      h2.close();
    }
  }
}
