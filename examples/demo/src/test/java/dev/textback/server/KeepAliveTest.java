package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A carrier that keeps its connection open gets every answer as fast as the first. With Nagle's algorithm on
 * the server's socket, a response written in two parts waits for the client to acknowledge the first, and the
 * client delays that acknowledgement (at least 40 ms on Linux, TCP_DELACK_MIN; longer elsewhere): then every
 * response after the first on a kept-alive connection takes 40 ms or more however idle the machine. The test
 * takes the fastest of 20 such responses, so one slow moment of a busy machine cannot fail it, and asserts
 * that it beat the delayed-ACK floor.
 */
class KeepAliveTest {
  private static final int REQUESTS = 20;
  private static final long DELAYED_ACK_FLOOR_MILLIS = 40;

  @Test
  void later_responses_on_a_kept_alive_connection_are_not_held_back_by_delayed_acks() throws Exception {
    try (RunningServer running = RunningServer.start();
        Socket socket = new Socket()) {
      socket.setTcpNoDelay(true); // the client's own requests go out at once: only the server's side is measured
      socket.setSoTimeout(10_000);
      socket.connect(new InetSocketAddress(running.host(), running.port()), 5000);
      List<Long> micros = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        long t0 = System.nanoTime();
        socket.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: " + running.host() + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        String response = RawHttp.readResponse(socket.getInputStream());
        micros.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0));
        assertThat(response).startsWith("HTTP/1.1 200");
      }

      long fastestLater = micros.subList(1, REQUESTS).stream().mapToLong(Long::longValue).min().orElseThrow();
      System.out.printf("kept-alive connection: first response %d µs, later ones fastest %d µs, median %d µs%n",
          micros.get(0), fastestLater, micros.subList(1, REQUESTS).stream().sorted().toList().get((REQUESTS - 1) / 2));
      assertThat(fastestLater).isLessThan(TimeUnit.MILLISECONDS.toMicros(DELAYED_ACK_FLOOR_MILLIS));
    }
  }
}
