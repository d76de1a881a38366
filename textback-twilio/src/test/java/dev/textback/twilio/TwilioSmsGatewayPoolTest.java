package dev.textback.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.test.ConcurrentSends;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway that creates its own HTTP client keeps a pooled connection for each send that runs at once, as many as
 * {@code create(config, concurrentSends)} was told: the next round of concurrent sends opens no new connection, and
 * no more idle connections are kept than that.
 */
class TwilioSmsGatewayPoolTest {
  private final MockWebServer server = new MockWebServer();
  private ConcurrentSends sends;
  private TwilioSmsGateway gateway;

  @BeforeEach
  void start() throws Exception {
    server.start();
    sends = new ConcurrentSends(server, TwilioSmsGatewayTest::created);
  }

  @AfterEach
  void stop() {
    if (gateway != null) gateway.close();
    server.close();
  }

  @Test
  void concurrent_sends_reuse_a_pooled_connection_each_next_time() throws Exception {
    gateway = TwilioSmsGateway.create(TwilioFixtures.config().apiBaseUrl(server.url("/").toString()).build(), 7);

    assertThat(sends.round(gateway, 7)).as("first round: a connection per send").isEqualTo(7);
    assertThat(gateway.httpClient().connectionPool().idleConnectionCount()).isEqualTo(7);
    assertThat(sends.round(gateway, 7)).as("second round: all seven reused").isZero();
  }

  @Test
  void keeps_no_more_idle_connections_than_concurrent_sends() throws Exception {
    gateway = TwilioSmsGateway.create(TwilioFixtures.config().apiBaseUrl(server.url("/").toString()).build(), 3);

    assertThat(sends.round(gateway, 5)).isEqualTo(5);
    assertThat(ConcurrentSends.awaitIdle(gateway.httpClient().connectionPool(), 3, Duration.ofMinutes(1)))
        .as("the pool closed the two connections above its size").isTrue();
    assertThat(sends.round(gateway, 5)).as("three reused, two opened").isEqualTo(2);
  }

  @Test
  void refuses_fewer_than_one_concurrent_send() {
    assertThatThrownBy(() -> TwilioSmsGateway.create(TwilioFixtures.config().apiBaseUrl(server.url("/").toString()).build(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
  }
}
