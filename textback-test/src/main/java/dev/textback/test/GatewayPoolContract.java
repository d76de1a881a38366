package dev.textback.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.spi.SmsGateway;
import java.time.Duration;
import java.util.Objects;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.ConnectionPool;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection pool of an OkHttp-based gateway that creates its own HTTP client: it keeps a pooled connection for
 * each send that runs at once, as many as it was told to expect, so the next round of concurrent sends opens no new
 * connection, and it keeps no more idle connections than that. An adapter's test extends this with its gateway's
 * factory, the carrier's "accepted" answer and the gateway's pool.
 *
 * @param <G> the gateway type
 */
public abstract class GatewayPoolContract<G extends SmsGateway> {
  private final MockWebServer server = new MockWebServer();
  private @Nullable ConcurrentSends sends;
  private @Nullable G gateway;

  /** For subclasses. */
  protected GatewayPoolContract() {}

  /** The carrier's answer to an accepted send, as the carrier documents it. */
  protected abstract MockResponse accepted();

  /**
   * A gateway sending to {@code baseUrl}, created for {@code concurrentSends} sends at once.
   *
   * @throws IllegalArgumentException when {@code concurrentSends} is below 1
   */
  protected abstract G create(String baseUrl, int concurrentSends);

  /** The connection pool of the gateway's own HTTP client. */
  protected abstract ConnectionPool connectionPool(G gateway);

  /** Releases the gateway's HTTP client. */
  protected abstract void close(G gateway);

  @BeforeEach
  void startServer() throws Exception {
    server.start();
    sends = new ConcurrentSends(server, this::accepted);
  }

  @AfterEach
  void stopServer() {
    if (gateway != null) close(gateway);
    server.close();
  }

  private G gateway(int concurrentSends) {
    G created = create(server.url("/").toString(), concurrentSends);
    gateway = created;
    return created;
  }

  private ConcurrentSends sends() {
    return Objects.requireNonNull(sends, "server not started");
  }

  @Test
  void concurrent_sends_reuse_a_pooled_connection_each_next_time() throws Exception {
    G gateway = gateway(7);

    assertThat(sends().round(gateway, 7)).as("first round: a connection per send").isEqualTo(7);
    assertThat(connectionPool(gateway).idleConnectionCount()).isEqualTo(7);
    assertThat(sends().round(gateway, 7)).as("second round: all seven reused").isZero();
  }

  @Test
  void keeps_no_more_idle_connections_than_concurrent_sends() throws Exception {
    G gateway = gateway(3);

    assertThat(sends().round(gateway, 5)).isEqualTo(5);
    assertThat(ConcurrentSends.awaitIdle(connectionPool(gateway), 3, Duration.ofMinutes(1)))
        .as("the pool closed the two connections above its size").isTrue();
    assertThat(sends().round(gateway, 5)).as("three reused, two opened").isEqualTo(2);
  }

  @Test
  void refuses_fewer_than_one_concurrent_send() {
    assertThatThrownBy(() -> create(server.url("/").toString(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
  }
}
