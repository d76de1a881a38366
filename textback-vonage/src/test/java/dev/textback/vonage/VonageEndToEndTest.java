package dev.textback.vonage;

import static dev.textback.vonage.VonageFixtures.BUSINESS;
import static dev.textback.vonage.VonageFixtures.BUSINESS_CELL;
import static dev.textback.vonage.VonageFixtures.CALLER;
import static dev.textback.vonage.VonageFixtures.resource;
import static dev.textback.vonage.VonageFixtures.signedGet;
import static dev.textback.vonage.VonageFixtures.signedPost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.TextBackListener;
import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessNumber;
import dev.textback.business.BusinessProfile;
import dev.textback.call.CallEvent;
import dev.textback.carrier.CarrierWebhooks;
import dev.textback.phone.PhoneNumber;
import dev.textback.rules.Reason;
import dev.textback.store.InMemoryTextBackStore;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real engine with the in-memory store, fed signed Vonage webhooks, sending through the Vonage gateway to a
 * mock Messages API. The engine is not started: each test runs its due work itself, so every send is over when
 * it looks.
 */
class VonageEndToEndTest {
  private static final String NEXT_CONVERSATION = "CON-33333333-3333-4333-8333-333333333333";

  private final MockWebServer vonage = new MockWebServer();
  private final TestClock clock = new TestClock(Instant.parse("2026-03-10T15:00:00Z")); // 11:00 in New York
  private final List<CallDecision> decisions = new CopyOnWriteArrayList<>();
  private VonageCarrier carrier;
  private TextBack engine;
  private CarrierWebhooks webhooks;

  @BeforeEach
  void start() throws Exception {
    vonage.start();
    carrier = VonageCarrier.create(VonageFixtures.config().baseUrl(vonage.url("/").toString()).build());
    BusinessProfile joes = BusinessProfile.builder()
        .id("joes")
        .displayName("Joe's Plumbing")
        .number(new BusinessNumber(PhoneNumber.of(BUSINESS), null, PhoneNumber.of(BUSINESS_CELL)))
        .build();
    engine = TextBack.builder()
        .businesses(BusinessDirectory.of(joes))
        .store(new InMemoryTextBackStore())
        .carrier(carrier)
        .clock(clock)
        .listener(new TextBackListener() {
          @Override
          public void onCallDecided(CallEvent event, CallDecision decision) {
            decisions.add(decision);
          }
        })
        .build();
    webhooks = engine.webhooks(VonageCarrier.ID);
  }

  @AfterEach
  void stop() {
    engine.close();
    carrier.close();
    vonage.close();
  }

  @Test
  void texts_a_missed_caller_once_from_the_dialled_number_and_never_again_after_they_reply_stop() throws Exception {
    vonage.enqueue(new MockResponse(202, Headers.of("Content-Type", "application/json"),
        resource("messages-accepted.json")));

    ringOut(VonageFixtures.CONVERSATION);
    engine.runDueWork();

    RecordedRequest sent = vonage.takeRequest(5, TimeUnit.SECONDS);
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/messages");
    Map<String, String> json = VonageSmsGatewayTest.json(sent);
    assertThat(json).containsEntry("from", BUSINESS.substring(1)).containsEntry("to", CALLER.substring(1));
    assertThat(json.get("text")).contains("Joe's Plumbing");

    WebhookResponse again = deliver(VonageWebhooks.EVENT, event(VonageFixtures.CONVERSATION));
    engine.runDueWork();
    assertThat(again).isEqualTo(VonageWebhooks.EVENT_DONE);
    assertThat(vonage.getRequestCount()).isEqualTo(1);

    String stop = resource("inbound-sms.json").replace("Hello From Vonage!", "STOP");
    WebhookResponse stopped = deliver(VonageWebhooks.INBOUND, signedPost(VonageWebhooks.INBOUND, stop, clock.instant()));
    clock.advance(Duration.ofDays(2)); // past the cooldown, so only the opt-out can hold the next text back
    ringOut(NEXT_CONVERSATION);
    engine.runDueWork();

    assertThat(stopped.status()).isEqualTo(200);
    assertThat(vonage.getRequestCount()).isEqualTo(1);
    assertThat(decisions).extracting(CallDecision::reason)
        .containsExactly(Reason.TEXT, Reason.SKIPPED_OPTED_OUT);
  }

  @Test
  void skips_a_caller_whose_number_is_not_e164_with_a_reason_and_sends_nothing() {
    deliver(VonageWebhooks.ANSWER, signedGet(VonageWebhooks.ANSWER,
        "to=16105553939&from=Unknown&conversation_uuid=" + VonageFixtures.CONVERSATION + "&uuid=0A0000000123ABCD1",
        clock.instant()));
    deliver(VonageWebhooks.EVENT, event(VonageFixtures.CONVERSATION));
    engine.runDueWork();

    assertThat(decisions).singleElement().satisfies(d -> {
      assertThat(d.texted()).isFalse();
      assertThat(d.reason()).isIn(Reason.SKIPPED_ANONYMOUS_CALLER, Reason.SKIPPED_INVALID_CALLER);
    });
    assertThat(vonage.getRequestCount()).isZero();
  }

  @Test
  void sends_nothing_for_malformed_json_or_a_megabyte_body() {
    WebhookResponse cutOff = deliver(VonageWebhooks.EVENT,
        signedPost(VonageWebhooks.EVENT, resource("event-unanswered.json").substring(0, 50), clock.instant()));
    WebhookResponse huge = deliver(VonageWebhooks.EVENT, signedPost(VonageWebhooks.EVENT,
        "{\"status\":\"unanswered\",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}", clock.instant()));
    engine.runDueWork();

    assertThat(cutOff.status()).isEqualTo(400);
    assertThat(huge.status()).isEqualTo(413);
    assertThat(decisions).isEmpty();
    assertThat(vonage.getRequestCount()).isZero();
  }

  private void ringOut(String conversation) {
    WebhookResponse answer = deliver(VonageWebhooks.ANSWER, signedGet(VonageWebhooks.ANSWER,
        "to=16105553939&from=14845552121&conversation_uuid=" + conversation + "&uuid=0A0000000123ABCD1",
        clock.instant()));
    assertThat(answer.body()).contains("\"action\":\"connect\"").contains("\"number\":\"14845550199\"");
    assertThat(deliver(VonageWebhooks.EVENT, event(conversation))).isEqualTo(VonageWebhooks.EVENT_DONE);
  }

  private WebhookRequest event(String conversation) {
    return signedPost(VonageWebhooks.EVENT,
        resource("event-unanswered.json").replace(VonageFixtures.CONVERSATION, conversation), clock.instant());
  }

  private WebhookResponse deliver(String route, WebhookRequest request) {
    return webhooks.endpoints().get(route).handle(request);
  }

  /** A clock the test moves by hand. */
  private static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
