package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server listens where TEXTBACK_BIND_ADDRESS says, and on loopback only when it says nothing. The test
 * uses two addresses of Linux's loopback network (all of 127.0.0.0/8 reaches the local host), so it needs no
 * network interface besides {@code lo}.
 */
class BindAddressTest {
  @Test
  void listens_only_on_the_configured_address() throws Exception {
    try (RunningServer running = RunningServer.start(Map.of("TEXTBACK_BIND_ADDRESS", "127.0.0.2"))) {
      assertThat(running.send("GET", "/healthz").statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> connect("127.0.0.1", running.port())).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void listens_on_loopback_by_default() {
    Settings settings = Settings.from(Map.of("TEXTBACK_CONFIG", "x.json"), new String[0]);

    assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void a_bind_address_that_is_not_an_address_of_this_host_is_refused_by_name() {
    assertThatThrownBy(() -> Settings.from(Map.of("TEXTBACK_CONFIG", "x.json", "TEXTBACK_BIND_ADDRESS", "127.0.0.1:80"),
        new String[0])).isInstanceOf(ConfigException.class).hasMessageStartingWith("TEXTBACK_BIND_ADDRESS: ");
  }

  private static void connect(String host, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 2000);
    }
  }
}
