package dev.textback.vonage;

import static dev.textback.vonage.VonageCallWebhookTest.handle;
import static dev.textback.vonage.VonageFixtures.BUSINESS;
import static dev.textback.vonage.VonageFixtures.BUSINESS_CELL;
import static dev.textback.vonage.VonageFixtures.claims;
import static dev.textback.vonage.VonageFixtures.jwt;
import static dev.textback.vonage.VonageFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What every route does with requests it must not act on: 403 before anything else, 400 or 413 for bad input. */
class VonageWebhookRejectionTest {
  private final FakeEngine engine = new FakeEngine().forwarding(BUSINESS, BUSINESS_CELL);
  private final VonageWebhooks webhooks = new VonageWebhooks(VonageFixtures.config().build(), engine);

  @ParameterizedTest
  @CsvSource({"answer, inbound-sms.json", "event, event-unanswered.json", "event, recording.json",
      "inbound, inbound-sms.json", "status, status-rejected.json", "sms/inbound, dlr-delivered.json",
      "sms/dlr, dlr-opted-out.json"})
  void refuses_a_forged_or_missing_signature_on_every_route(String route, String fixture) {
    String body = resource(fixture);
    String forged = jwt("0000-not-the-secret", claims(body.getBytes(StandardCharsets.UTF_8), FakeEngine.NOW));

    WebhookResponse forgedAnswer = handle(webhooks, route, VonageFixtures.jsonPost(route, body, forged));
    WebhookResponse unsigned = handle(webhooks, route, VonageFixtures.jsonPost(route, body, null));

    assertThat(forgedAnswer).isEqualTo(WebhookResponse.forbidden());
    assertThat(unsigned).isEqualTo(WebhookResponse.forbidden());
    assertThat(engine.untouched()).isTrue();
    assertThat(engine.pendingStore.calls).isEmpty();
  }

  @Test
  void refuses_a_valid_jwt_on_the_sms_api_routes_which_are_signed_with_sig() {
    WebhookResponse response = handle(webhooks, VonageWebhooks.SMS_DLR,
        VonageFixtures.signedPost(VonageWebhooks.SMS_DLR, resource("dlr-opted-out.json"), FakeEngine.NOW));

    assertThat(response.status()).isEqualTo(403);
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void refuses_a_signed_event_replayed_with_a_changed_number() {
    String body = resource("event-unanswered.json");
    String token = jwt(VonageFixtures.SIGNATURE_SECRET, claims(body.getBytes(StandardCharsets.UTF_8), FakeEngine.NOW));

    WebhookResponse response = handle(webhooks, VonageWebhooks.EVENT,
        VonageFixtures.jsonPost(VonageWebhooks.EVENT, body.replace("14845550199", "12125550199"), token));

    assertThat(response.status()).isEqualTo(403);
  }

  @Test
  void answers_400_to_malformed_json_a_missing_id_and_a_dialled_number_that_is_not_one() {
    WebhookResponse cutOff = handle(webhooks, VonageWebhooks.INBOUND,
        VonageFixtures.signedPost(VonageWebhooks.INBOUND, "{\"channel\":\"sms\",\"message_uuid\":", FakeEngine.NOW));
    WebhookResponse array = handle(webhooks, VonageWebhooks.STATUS,
        VonageFixtures.signedPost(VonageWebhooks.STATUS, "[1,2,3]", FakeEngine.NOW));
    WebhookResponse noId = handle(webhooks, VonageWebhooks.ANSWER, VonageFixtures.signedGet(VonageWebhooks.ANSWER,
        "to=16105553939&from=14845552121&uuid=0A0000000123ABCD1", FakeEngine.NOW));
    WebhookResponse notANumber = handle(webhooks, VonageWebhooks.ANSWER, VonageFixtures.signedGet(VonageWebhooks.ANSWER,
        "to=Acme&from=14845552121&conversation_uuid=CON-1&uuid=0A0000000123ABCD1", FakeEngine.NOW));

    assertThat(cutOff.status()).isEqualTo(400);
    assertThat(cutOff.body()).startsWith("body is not valid JSON");
    assertThat(array.status()).isEqualTo(400);
    assertThat(noId.status()).isEqualTo(400);
    assertThat(noId.body()).contains("conversation_uuid");
    assertThat(notANumber.status()).isEqualTo(400);
    assertThat(notANumber.body()).contains("to is not a phone number");
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void refuses_a_body_over_64_kib_with_413_unread() {
    String huge = "{\"text\":\"" + "x".repeat(1024 * 1024) + "\"}";

    WebhookResponse response = handle(webhooks, VonageWebhooks.INBOUND,
        VonageFixtures.signedPost(VonageWebhooks.INBOUND, huge, FakeEngine.NOW));

    assertThat(response.status()).isEqualTo(413);
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void hands_a_caller_that_is_not_a_number_to_the_engine_as_it_came_and_reads_null_as_absent() {
    FakeEngine forwardingOnly = new FakeEngine();
    VonageWebhooks hooks = new VonageWebhooks(VonageFixtures.config().build(), forwardingOnly);

    handle(hooks, VonageWebhooks.ANSWER, VonageFixtures.signedGet(VonageWebhooks.ANSWER,
        "to=16105553939&from=Unknown&conversation_uuid=CON-1&uuid=0A01", FakeEngine.NOW));
    handle(hooks, VonageWebhooks.ANSWER, VonageFixtures.signedGet(VonageWebhooks.ANSWER,
        "to=16105553939&from=null&conversation_uuid=CON-2&uuid=0A02", FakeEngine.NOW));

    assertThat(forwardingOnly.calls).extracting(c -> c.caller()).containsExactly("Unknown", "");
  }

  @Test
  void answers_400_to_a_validly_signed_body_in_a_format_vonage_does_not_send() {
    WebhookRequest xml = WebhookRequest.of("POST", VonageFixtures.url("status"),
        Map.of("Content-Type", java.util.List.of("text/xml"), "Authorization", java.util.List.of("Bearer "
            + jwt(VonageFixtures.SIGNATURE_SECRET, claims("<x/>".getBytes(StandardCharsets.UTF_8), FakeEngine.NOW)))),
        "<x/>".getBytes(StandardCharsets.UTF_8));

    WebhookResponse response = handle(webhooks, VonageWebhooks.STATUS, xml);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("text/xml");
  }

  /**
   * A token Vonage really signed over one body, replayed with that body as a GET or PUT and an attacker's query
   * (a missed call from someone else's number): the query is not what was signed, so nothing may act on it.
   */
  @ParameterizedTest
  @CsvSource({"GET, event, event-unanswered.json", "PUT, event, event-unanswered.json",
      "GET, answer, inbound-sms.json", "PUT, answer, inbound-sms.json", "GET, inbound, inbound-sms.json",
      "PUT, inbound, inbound-sms.json", "PUT, status, status-rejected.json", "DELETE, event, recording.json"})
  void refuses_a_captured_token_and_body_replayed_with_another_method_and_an_attackers_query(String method,
      String route, String fixture) {
    byte[] body = resource(fixture).getBytes(StandardCharsets.UTF_8);
    String token = jwt(VonageFixtures.SIGNATURE_SECRET, claims(body, FakeEngine.NOW));
    String attackersQuery = "to=16105553939&from=12125550123&conversation_uuid=CON-evil&uuid=0A0000000123EVIL"
        + "&status=unanswered&direction=outbound&message_uuid=aaaaaaaa-bbbb-cccc-dddd-0123456789ab&channel=sms"
        + "&text=STOP";
    WebhookRequest replay = WebhookRequest.of(method, VonageFixtures.url(route) + "?" + attackersQuery,
        Map.of("Content-Type", java.util.List.of("application/json"), "Authorization",
            java.util.List.of("Bearer " + token)), body);

    WebhookResponse response = handle(webhooks, route, replay);

    assertThat(response.status()).isEqualTo(403);
    assertThat(engine.untouched()).isTrue();
    assertThat(engine.pendingStore.calls).isEmpty();
  }

  @Test
  void never_reads_the_query_of_a_signed_post_even_with_an_empty_body() {
    String token = jwt(VonageFixtures.SIGNATURE_SECRET, claims(new byte[0], FakeEngine.NOW));
    WebhookRequest post = WebhookRequest.of("POST", VonageFixtures.url(VonageWebhooks.INBOUND)
            + "?channel=sms&message_uuid=aaaaaaaa-bbbb-cccc-dddd-0123456789ab&to=16105553939&from=12125550123&text=STOP",
        Map.of("Authorization", java.util.List.of("Bearer " + token)), new byte[0]);

    WebhookResponse response = handle(webhooks, VonageWebhooks.INBOUND, post);

    assertThat(response.status()).isEqualTo(400);
    assertThat(engine.untouched()).isTrue();
  }
}
