package dev.textback.vonage;

import static dev.textback.vonage.VonageFixtures.BUSINESS;
import static dev.textback.vonage.VonageFixtures.BUSINESS_CELL;
import static dev.textback.vonage.VonageFixtures.CALLER;
import static dev.textback.vonage.VonageFixtures.CONVERSATION;
import static dev.textback.vonage.VonageFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Voice webhooks with Vonage's captured payloads: the answer's NCCO, and which event decides the call as
 * what. The forwarded leg's events name the business number and phone; the caller comes from the answer.
 */
class VonageCallWebhookTest {
  /** The NCCO for the PHP SDK's captured answer request, written out by hand from Vonage's NCCO reference. */
  static final String CONNECT = "[{\"action\":\"connect\",\"from\":\"16105553939\",\"timeout\":20,"
      + "\"eventType\":\"synchronous\",\"eventUrl\":[\"https://textback.example.com/webhooks/vonage/event\"],"
      + "\"eventMethod\":\"POST\",\"endpoint\":[{\"type\":\"phone\",\"number\":\"14845550199\"}]}]";

  private final FakeEngine engine = new FakeEngine().forwarding(BUSINESS, BUSINESS_CELL);

  @Test
  void answers_a_get_with_an_ncco_that_rings_the_business_phone_synchronously() {
    WebhookResponse response = answer(webhooks(VonageFixtures.config()));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/json");
    assertThat(response.body()).isEqualTo(CONNECT);
    assertThat(engine.calls).isEmpty();
  }

  @Test
  void answers_a_post_answer_webhook_the_same_way() {
    String body = "{\"to\":\"16105553939\",\"from\":\"14845552121\",\"uuid\":\"0A0000000123ABCD1\","
        + "\"conversation_uuid\":\"" + CONVERSATION + "\"}";

    WebhookResponse response = handle(webhooks(VonageFixtures.config()), VonageWebhooks.ANSWER,
        VonageFixtures.signedPost(VonageWebhooks.ANSWER, body, FakeEngine.NOW));

    assertThat(response.body()).isEqualTo(CONNECT);
  }

  @Test
  void decides_the_call_for_the_caller_when_the_forwarded_leg_rings_out() {
    VonageWebhooks webhooks = webhooks(VonageFixtures.config());
    answer(webhooks);

    WebhookResponse response = event(webhooks, "event-unanswered.json");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/json");
    assertThat(response.body()).as("the NCCO Vonage's synchronous-connect sample answers").isEqualTo("[{}]");
    CallEvent call = engine.onlyCall();
    assertThat(call.callId()).isEqualTo(CONVERSATION);
    assertThat(call.caller()).isEqualTo(CALLER);
    assertThat(call.dialled().e164()).isEqualTo(BUSINESS);
    assertThat(call.outcome()).isEqualTo(CallOutcome.NO_ANSWER);
    assertThat(engine.pendingStore.calls).as("what the answer remembered, once decided").isEmpty();
  }

  @Test
  void decides_busy_and_failed_forwarded_legs_as_such() {
    VonageWebhooks webhooks = webhooks(VonageFixtures.config());
    answer(webhooks);
    event(webhooks, "event-busy.json");
    FakeEngine other = new FakeEngine().forwarding(BUSINESS, BUSINESS_CELL);
    VonageWebhooks second = new VonageWebhooks(VonageFixtures.config().build(), other);
    answer(second);
    handle(second, VonageWebhooks.EVENT, VonageFixtures.signedPost(VonageWebhooks.EVENT, resource("event-failed.json"),
        FakeEngine.NOW));

    assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.BUSY);
    assertThat(other.onlyCall().outcome()).isEqualTo(CallOutcome.FAILED);
  }

  @Test
  void decides_an_answered_forwarded_leg_as_answered_and_ignores_the_callers_leg_ending_after() {
    VonageWebhooks webhooks = webhooks(VonageFixtures.config());
    answer(webhooks);

    event(webhooks, "event-answered-forwarded.json");
    event(webhooks, "event-completed.json");

    assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.ANSWERED);
  }

  @Test
  void decides_a_call_whose_caller_hung_up_while_it_rang_as_canceled() {
    VonageWebhooks webhooks = webhooks(VonageFixtures.config());
    answer(webhooks);

    event(webhooks, "event-started.json");
    event(webhooks, "event-ringing.json");
    assertThat(engine.calls).isEmpty();
    event(webhooks, "event-completed.json");

    assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.CANCELED);
    assertThat(engine.onlyCall().caller()).isEqualTo(CALLER);
  }

  @Test
  void acknowledges_events_it_does_not_act_on() {
    VonageWebhooks webhooks = webhooks(VonageFixtures.config());

    WebhookResponse transfer = event(webhooks, "event-transfer.json");
    WebhookResponse strayLeg = event(webhooks, "event-unanswered.json");

    assertThat(transfer).isEqualTo(VonageWebhooks.EVENT_DONE);
    assertThat(strayLeg).as("a forwarded leg nobody answered for").isEqualTo(VonageWebhooks.EVENT_DONE);
    assertThat(engine.calls).isEmpty();
  }

  @Test
  void logs_a_stray_legs_status_on_one_line_whatever_it_holds() {
    VonageWebhooks webhooks = webhooks(VonageFixtures.config());
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      handle(webhooks, VonageWebhooks.EVENT, VonageFixtures.signedPost(VonageWebhooks.EVENT,
          resource("event-unanswered.json").replace("\"unanswered\"", "\"x\\n[main] ERROR forged line\""),
          FakeEngine.NOW));
    } finally {
      System.setErr(original);
    }

    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("Vonage x\\n[main] ERROR forged line event of a forwarded leg");
    assertThat(log.lines()).noneMatch(line -> line.startsWith("[main] ERROR forged line"));
  }

  @Test
  void decides_a_call_to_a_number_that_forwards_nowhere_as_missed_at_once() {
    FakeEngine forwardingOnly = new FakeEngine();
    VonageWebhooks webhooks = new VonageWebhooks(VonageFixtures.config().build(), forwardingOnly);

    WebhookResponse response = handle(webhooks, VonageWebhooks.ANSWER,
        VonageFixtures.signedGet(VonageWebhooks.ANSWER, resource("answer-get.query"), FakeEngine.NOW));

    assertThat(response.body()).isEqualTo("[]");
    assertThat(forwardingOnly.onlyCall().outcome()).isEqualTo(CallOutcome.NO_ANSWER);
    assertThat(forwardingOnly.onlyCall().caller()).isEqualTo(CALLER);
  }

  @Test
  void offers_a_voicemail_after_a_missed_forward_and_decides_the_call_by_the_recording() {
    VonageWebhooks webhooks = webhooks(VonageFixtures.config().voicemail(true).voicemailGreeting("Leave a message."));
    answer(webhooks);

    WebhookResponse missed = event(webhooks, "event-unanswered.json");
    assertThat(engine.calls).isEmpty();
    WebhookResponse recordNow = notifyVoicemail(webhooks);
    event(webhooks, "recording.json");

    assertThat(missed.body()).isEqualTo("[{\"action\":\"talk\",\"text\":\"Leave a message.\"},"
        + "{\"action\":\"notify\",\"payload\":{\"textback\":\"voicemail\",\"conversation_uuid\":\"" + CONVERSATION
        + "\"},\"eventUrl\":[\"https://textback.example.com/webhooks/vonage/event\"],\"eventMethod\":\"POST\"}]");
    assertThat(recordNow.body()).isEqualTo(
        "[{\"action\":\"record\",\"beepStart\":true,\"endOnSilence\":3,\"endOnKey\":\"#\",\"timeOut\":120,"
        + "\"eventUrl\":[\"https://textback.example.com/webhooks/vonage/event\"],\"eventMethod\":\"POST\"}]");
    CallEvent call = engine.onlyCall();
    assertThat(call.outcome()).isEqualTo(CallOutcome.VOICEMAIL);
    assertThat(call.voicemail().length()).isEqualTo(Duration.ofSeconds(5)); // 01:23:04 to 01:23:09
    assertThat(call.voicemail().recordingUrl())
        .contains("https://api.nexmo.com/v1/files/87b8851a-dbfa-4142-bc01-82a7854ac4fd");
  }

  @Test
  void keeps_the_voicemail_when_the_callers_hang_up_arrives_before_the_record_event() {
    VonageWebhooks webhooks = webhooks(VonageFixtures.config().voicemail(true).voicemailGreeting("Leave a message."));
    answer(webhooks);
    event(webhooks, "event-unanswered.json");
    notifyVoicemail(webhooks);

    event(webhooks, "event-completed.json"); // the caller hung up while recording; Vonage sent that first
    assertThat(engine.calls).as("the recording decides, not the hang-up").isEmpty();
    event(webhooks, "recording.json");

    CallEvent call = engine.onlyCall();
    assertThat(call.outcome()).isEqualTo(CallOutcome.VOICEMAIL);
    assertThat(call.voicemail().recordingUrl())
        .contains("https://api.nexmo.com/v1/files/87b8851a-dbfa-4142-bc01-82a7854ac4fd");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"https://attacker.example/v1/files/1",
      "https://api.nexmo.com.attacker.example/v1/files/1", "http://api.nexmo.com/v1/files/1",
      "https://user@attacker.example/.nexmo.com/v1/files/1", "https://evilnexmo.com/v1/files/1", "not a url"})
  void keeps_a_voicemail_but_drops_a_recording_url_that_is_not_on_a_vonage_host(String url) {
    VonageWebhooks webhooks = webhooks(VonageFixtures.config().voicemail(true));
    answer(webhooks);
    event(webhooks, "event-unanswered.json");
    notifyVoicemail(webhooks);

    handle(webhooks, VonageWebhooks.EVENT, VonageFixtures.signedPost(VonageWebhooks.EVENT,
        resource("recording.json").replace("https://api.nexmo.com/v1/files/87b8851a-dbfa-4142-bc01-82a7854ac4fd", url),
        FakeEngine.NOW));

    CallEvent call = engine.onlyCall();
    assertThat(call.outcome()).isEqualTo(CallOutcome.VOICEMAIL);
    assertThat(call.voicemail().recordingUrl()).isNull();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"https://api.nexmo.com/v1/files/1",
      "https://api-us.nexmo.com/v1/files/1", "https://api.vonage.com/v1/files/1"})
  void passes_on_a_recording_url_on_vonages_hosts_including_regional_ones(String url) {
    assertThat(VonagePayloadMapper.isVonageFile(url)).isTrue();
  }

  @Test
  void decides_the_missed_outcome_when_the_caller_hangs_up_on_the_voicemail_greeting() {
    VonageWebhooks webhooks = webhooks(VonageFixtures.config().voicemail(true));
    answer(webhooks);

    event(webhooks, "event-busy.json");
    event(webhooks, "event-completed.json");

    assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.BUSY);
  }

  @Test
  void asks_for_machine_detection_and_decides_a_machine_answer_as_voicemail() {
    VonageWebhooks webhooks = webhooks(VonageFixtures.config().answeringMachineDetection(true));
    WebhookResponse ncco = answer(webhooks);

    event(webhooks, "event-answered-forwarded.json");
    assertThat(engine.calls).as("an answer waits for the human/machine verdict").isEmpty();
    String machine = "{\"call_uuid\":\"0B0000000456ABCD2\",\"conversation_uuid\":\"" + CONVERSATION
        + "\",\"status\":\"machine\",\"timestamp\":\"2020-07-01T20:45:40.000Z\"}";
    handle(webhooks, VonageWebhooks.EVENT, VonageFixtures.signedPost(VonageWebhooks.EVENT, machine, FakeEngine.NOW));

    assertThat(ncco.body()).contains("\"machineDetection\":\"continue\"");
    assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.VOICEMAIL);
  }

  @Test
  void answers_503_so_vonage_asks_again_when_the_engine_cannot_decide_and_keeps_the_caller() {
    VonageWebhooks webhooks = webhooks(VonageFixtures.config());
    answer(webhooks);
    engine.failure = new IllegalStateException("store down");

    WebhookResponse failed = event(webhooks, "event-unanswered.json");
    engine.failure = null;
    event(webhooks, "event-unanswered.json");

    assertThat(failed.status()).isEqualTo(503);
    assertThat(engine.calls).hasSize(2).allSatisfy(c -> assertThat(c.caller()).isEqualTo(CALLER));
  }

  @Test
  void answers_503_so_vonage_fetches_the_answer_again_when_the_store_cannot_keep_the_call() {
    VonageWebhooks webhooks = webhooks(VonageFixtures.config());
    engine.pendingStore.failure = new IllegalStateException("store down");

    WebhookResponse failed = answer(webhooks);
    engine.pendingStore.failure = null;
    WebhookResponse retried = answer(webhooks);

    assertThat(failed.status()).as("Vonage retries the Answer URL on 503, not on 200 or 500").isEqualTo(503);
    assertThat(retried.body()).isEqualTo(CONNECT);
    assertThat(engine.pendingStore.calls).containsKey(CONVERSATION);
  }

  @Test
  void answers_503_too_when_the_store_cannot_keep_a_forwarding_only_call_for_its_voicemail() {
    FakeEngine forwardingOnly = new FakeEngine();
    forwardingOnly.pendingStore.failure = new IllegalStateException("store down");
    VonageWebhooks webhooks = new VonageWebhooks(VonageFixtures.config().voicemail(true).build(), forwardingOnly);

    WebhookResponse response = answer(webhooks);

    assertThat(response.status()).isEqualTo(503);
    assertThat(forwardingOnly.calls).isEmpty();
  }

  private VonageWebhooks webhooks(VonageConfig.Builder config) {
    return new VonageWebhooks(config.build(), engine);
  }

  private static WebhookResponse answer(VonageWebhooks webhooks) {
    return handle(webhooks, VonageWebhooks.ANSWER,
        VonageFixtures.signedGet(VonageWebhooks.ANSWER, resource("answer-get.query"), FakeEngine.NOW));
  }

  private static WebhookResponse event(VonageWebhooks webhooks, String fixture) {
    return handle(webhooks, VonageWebhooks.EVENT,
        VonageFixtures.signedPost(VonageWebhooks.EVENT, resource(fixture), FakeEngine.NOW));
  }

  /** The {@code notify} Vonage posts when the greeting ends: the payload of the voicemail NCCO's notify action. */
  private static WebhookResponse notifyVoicemail(VonageWebhooks webhooks) {
    return handle(webhooks, VonageWebhooks.EVENT, VonageFixtures.signedPost(VonageWebhooks.EVENT,
        "{\"textback\":\"voicemail\",\"conversation_uuid\":\"" + CONVERSATION + "\"}", FakeEngine.NOW));
  }

  static WebhookResponse handle(VonageWebhooks webhooks, String route, WebhookRequest request) {
    return webhooks.endpoints().get(route).handle(request);
  }
}
