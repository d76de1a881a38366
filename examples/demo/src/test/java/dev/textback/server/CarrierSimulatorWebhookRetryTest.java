package dev.textback.server;

import dev.textback.demo.TwilioSimulator;
import dev.textback.demo.Demo;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.textback.demo.TwilioSimulator.Delivery;
import dev.textback.demo.TwilioSimulator.PlacedCall;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator asks again as Twilio does, by the connection overrides in a URL's fragment: {@code rc} more tries
 * on the failures {@code rp} names, and Twilio's defaults (one more try when the connection could not be made)
 * on a URL without one. A failed webhook does not end the call: its final status is still sent.
 */
class CarrierSimulatorWebhookRetryTest {
  private static final String LINE = "+13035550142";
  private static final String CALLER = "+12125550123";

  private TwilioSimulator carrier;
  private HttpServer server;
  /** Statuses to answer per path, in order; 200 once a path's list is used up. */
  private final Map<String, Deque<Integer>> script = new ConcurrentHashMap<>();
  private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
  private String dialAction;

  @BeforeEach
  void setUp() throws IOException {
    carrier = new TwilioSimulator(new PrintStream(PrintStream.nullOutputStream()));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::respond);
    server.start();
    dialAction = base() + "/webhooks/twilio/voice/dial#rc=2&rp=5xx,ct";
  }

  @AfterEach
  void tearDown() {
    server.stop(0);
    carrier.close();
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void respond(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().toString();
    requests.add(path);
    ex.getRequestBody().readAllBytes();
    Deque<Integer> statuses = script.getOrDefault(path, new ArrayDeque<>());
    Integer scripted = statuses.poll();
    int status = scripted == null ? 200 : scripted;
    String body = path.equals("/webhooks/twilio/voice")
        ? "<Response><Dial action=\"" + dialAction.replace("&", "&amp;") + "\" method=\"POST\"><Number>+13035550199"
            + "</Number></Dial></Response>"
        : "<Response><Hangup/></Response>";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private void script(String path, Integer... statuses) {
    script.put(path, new ArrayDeque<>(List.of(statuses)));
  }

  private static Map<String, List<Integer>> answers(PlacedCall call) {
    Map<String, List<Integer>> answers = new java.util.LinkedHashMap<>();
    for (Delivery d : call.webhooks()) answers.put(d.path(), d.answers());
    return answers;
  }

  @Test
  void asks_again_on_5xx_up_to_the_retry_count_of_the_fragment_and_never_sends_the_fragment() {
    script("/webhooks/twilio/voice/dial", 503, 503);

    PlacedCall call = carrier.placeCall(base(), carrier.newCallSid(), CALLER, LINE, "no-answer", 0);

    assertThat(answers(call)).containsExactly(Map.entry("/webhooks/twilio/voice", List.of(200)),
        Map.entry("/webhooks/twilio/voice/dial", List.of(503, 503, 200)),
        Map.entry("/webhooks/twilio/voice/status", List.of(200)));
    assertThat(CallTraffic.acknowledged(call)).isTrue();
    assertThat(requests).allMatch(path -> !path.contains("#") && !path.contains("rc="));
  }

  @Test
  void gives_up_after_the_retries_and_still_sends_the_final_status() {
    script("/webhooks/twilio/voice/dial", 503, 503, 503, 503);

    PlacedCall call = carrier.placeCall(base(), carrier.newCallSid(), CALLER, LINE, "no-answer", 0);

    assertThat(answers(call)).containsEntry("/webhooks/twilio/voice/dial", List.of(503, 503, 503))
        .containsEntry("/webhooks/twilio/voice/status", List.of(200));
  }

  @Test
  void does_not_ask_again_on_a_4xx_when_the_policy_names_only_5xx_and_connection_failures() {
    script("/webhooks/twilio/voice/dial", 400);

    PlacedCall call = carrier.placeCall(base(), carrier.newCallSid(), CALLER, LINE, "no-answer", 0);

    assertThat(answers(call)).containsEntry("/webhooks/twilio/voice/dial", List.of(400));
  }

  @Test
  void the_console_status_url_carries_the_recommended_override() {
    script("/webhooks/twilio/voice/status", 503, 503, 503);

    PlacedCall call = carrier.placeCall(base(), carrier.newCallSid(), CALLER, LINE, "no-answer", 0);

    assertThat(TwilioSimulator.CONSOLE_STATUS_OVERRIDES).isEqualTo("#rc=2&rp=5xx,ct");
    assertThat(answers(call)).containsEntry("/webhooks/twilio/voice/status", List.of(503, 503, 503));
    assertThat(CallTraffic.acknowledged(call)).as("the dial webhook was answered 200").isTrue();
  }

  @Test
  void a_url_without_overrides_gets_twilios_defaults_one_more_try_on_a_refused_connection_none_on_a_5xx()
      throws IOException {
    script("/webhooks/twilio/voice", 503);
    PlacedCall answered = carrier.placeCall(base(), carrier.newCallSid(), CALLER, LINE, "no-answer", 0);
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    PlacedCall refused = carrier.placeCall("http://127.0.0.1:" + closedPort, carrier.newCallSid(), CALLER, LINE,
        "no-answer", 0);

    assertThat(answers(answered)).containsExactly(Map.entry("/webhooks/twilio/voice", List.of(503)),
        Map.entry("/webhooks/twilio/voice/status", List.of(200)));
    assertThat(answers(refused)).containsExactly(
        Map.entry("/webhooks/twilio/voice", List.of(Delivery.NO_ANSWER, Delivery.NO_ANSWER)),
        Map.entry("/webhooks/twilio/voice/status", List.of(Delivery.NO_ANSWER, Delivery.NO_ANSWER, Delivery.NO_ANSWER)));
    assertThat(CallTraffic.acknowledged(refused)).isFalse();
  }

  @Test
  void a_carrier_that_never_asks_again_tries_each_webhook_once() {
    carrier.retryWebhooks(false);
    script("/webhooks/twilio/voice/dial", 503);

    PlacedCall call = carrier.placeCall(base(), carrier.newCallSid(), CALLER, LINE, "no-answer", 0);

    assertThat(answers(call)).containsEntry("/webhooks/twilio/voice/dial", List.of(503));
    assertThat(CallTraffic.acknowledged(call)).as("the status callback was answered 200").isTrue();
  }

  @Test
  void without_a_call_status_url_a_call_ends_without_its_final_status() {
    carrier.callStatusCallbacks(false);

    PlacedCall call = carrier.placeCall(base(), carrier.newCallSid(), CALLER, LINE, "no-answer", 0);

    assertThat(answers(call)).containsOnlyKeys("/webhooks/twilio/voice", "/webhooks/twilio/voice/dial");
  }
}
