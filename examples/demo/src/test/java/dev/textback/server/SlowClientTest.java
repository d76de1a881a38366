package dev.textback.server;

import dev.textback.demo.TwilioSimulator;
import dev.textback.demo.Demo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that open a connection, start a request and never finish it hold nothing the server needs for
 * anyone else: health checks and signed carrier webhooks are answered while 200 of them hang.
 */
class SlowClientTest {
  private static final int STALLED = 200;
  /**
   * How long an answer may take here. The target is a second; the bound is generous so that a busy
   * machine does not fail the test, and still far below the server's 30 s idle timeout, so a server that only
   * gets free once the stalled connections time out cannot pass.
   */
  private static final Duration BOUND = Duration.ofSeconds(5);

  private RunningServer running;
  private final List<Socket> stalled = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    running = RunningServer.start();
  }

  @AfterEach
  void stop() {
    for (Socket s : stalled) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already closed by the server
      }
    }
    running.close();
  }

  private void stall(String partialRequest) throws IOException {
    for (int i = 0; i < STALLED; i++) {
      Socket s = new Socket();
      stalled.add(s);
      s.connect(new InetSocketAddress(running.host(), running.port()), 5000);
      OutputStream out = s.getOutputStream();
      out.write(partialRequest.getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
  }

  @Test
  void health_and_signed_webhooks_are_answered_while_200_connections_never_finish_their_headers() throws Exception {
    stall("POST /webhooks/twilio/voice HTTP/1.1\r\nHost: " + running.host() + "\r\nContent-Type: application/x-www");

    assertAnsweredDespiteStalledClients("unfinished headers");
  }

  @Test
  void health_and_signed_webhooks_are_answered_while_200_connections_never_finish_their_bodies() throws Exception {
    stall("POST /webhooks/twilio/voice HTTP/1.1\r\nHost: " + running.host()
        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nCallSid=CA");

    assertAnsweredDespiteStalledClients("unfinished bodies");
  }

  private void assertAnsweredDespiteStalledClients(String what) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> health = running.send("GET", "/healthz", BOUND);
    long healthMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

    String caller = "+17205550142";
    long t1 = System.nanoTime();
    // A missed call is three or four signed webhooks in a row (voice, dial action, redirect, status).
    String callSid = CompletableFuture.supplyAsync(() -> {
      try {
        return running.carrier.call(caller, RunningServer.LINE, "no-answer", 0);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }).get(BOUND.toSeconds() * 4, TimeUnit.SECONDS);
    long callMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
    running.server.engine().runDueWork();

    System.out.printf("slow clients (%d connections with %s): /healthz answered in %d ms, a missed call's "
        + "signed webhooks in %d ms%n", STALLED, what, healthMillis, callMillis);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(callSid).startsWith("CA");
    assertThat(running.carrier.sent()).extracting(TwilioSimulator.Sent::to).containsExactly(caller);
  }
}
