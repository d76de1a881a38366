package dev.textback.plivo;

import static dev.textback.plivo.PlivoAnswerWebhookTest.EMPTY;
import static dev.textback.plivo.PlivoAnswerWebhookTest.HANGUP;
import static dev.textback.plivo.PlivoFixtures.BUSINESS;
import static dev.textback.plivo.PlivoFixtures.BUSINESS_CELL;
import static dev.textback.plivo.PlivoFixtures.CALLER;
import static dev.textback.plivo.PlivoFixtures.load;
import static dev.textback.plivo.PlivoFixtures.url;
import static dev.textback.plivo.PlivoSmsGatewayTest.MESSAGE_PATH;
import static dev.textback.plivo.PlivoSmsGatewayTest.json;
import static dev.textback.plivo.PlivoSmsGatewayTest.queued;
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
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.SendReceipt;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real engine with the in-memory store, fed signed Plivo callbacks, sending through the Plivo gateway to a mock
 * Send Message API.
 */
class PlivoEndToEndTest {
  private static final String NEXT_CALL = "7a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d";

  private final MockWebServer plivo = new MockWebServer();
  private final TestClock clock = new TestClock(Instant.parse("2026-03-10T15:00:00Z")); // 11:00 in New York
  private final List<CallDecision> decisions = new CopyOnWriteArrayList<>();
  private final BlockingQueue<SendReceipt> accepted = new LinkedBlockingQueue<>();
  private PlivoCarrier carrier;
  private TextBack engine;

  @BeforeEach
  void start() throws Exception {
    plivo.start();
  }

  @AfterEach
  void stop() {
    if (engine != null) engine.close();
    if (carrier != null) carrier.close();
    plivo.close();
  }

  @Test
  void texts_a_missed_caller_once_from_the_dialled_number_and_never_again_after_they_reply_stop() throws Exception {
    CarrierWebhooks webhooks = wire(PlivoFixtures.config());
    plivo.enqueue(queued());

    WebhookResponse dial = post(webhooks, "dial", load("dial-no-answer"));
    engine.runDueWork();

    assertThat(dial.body()).isEqualTo(HANGUP);
    RecordedRequest sent = plivo.takeRequest(5, TimeUnit.SECONDS);
    assertThat(sent).isNotNull();
    assertThat(sent.getUrl().encodedPath()).isEqualTo(MESSAGE_PATH);
    assertThat(json(sent)).containsEntry("src", BUSINESS).containsEntry("dst", CALLER);
    assertThat(json(sent).get("text")).contains("Joe's Plumbing");
    // The background dispatcher may be the one sending; let it finish before the clock moves on.
    assertThat(accepted.poll(5, TimeUnit.SECONDS)).isNotNull();

    WebhookResponse retried = post(webhooks, "dial", load("dial-no-answer"));
    WebhookResponse hangup = post(webhooks, "hangup", load("hangup"));
    engine.runDueWork();

    assertThat(retried.status()).isEqualTo(200);
    assertThat(hangup.status()).isEqualTo(200);
    assertThat(plivo.getRequestCount()).isEqualTo(1);

    WebhookResponse stop = post(webhooks, "sms", load("sms-stop"));
    clock.advance(Duration.ofDays(2)); // past the cooldown, so only the opt-out can hold the next text back
    post(webhooks, "dial", load("dial-no-answer").with("CallUUID", NEXT_CALL).with("DialALegUUID", NEXT_CALL));
    engine.runDueWork();

    assertThat(stop.status()).isEqualTo(200);
    assertThat(stop.body()).isEqualTo(EMPTY);
    assertThat(plivo.getRequestCount()).isEqualTo(1);
    assertThat(decisions).extracting(CallDecision::reason)
        .containsExactly(Reason.TEXT, Reason.TEXT, Reason.TEXT, Reason.SKIPPED_OPTED_OUT);
    assertThat(decisions.subList(1, 3)).allSatisfy(d -> assertThat(d.duplicate()).isTrue());
  }

  @Test
  void skips_a_caller_id_that_is_not_a_number_with_a_reason_and_refuses_bad_bodies_without_sending() throws Exception {
    CarrierWebhooks webhooks = wire(PlivoFixtures.config());

    WebhookResponse anonymous = post(webhooks, "dial", load("dial-no-answer").with("From", "anonymous"));
    WebhookResponse sip = post(webhooks, "dial", load("dial-no-answer").with("From", "sip:joe@example.com")
        .with("CallUUID", NEXT_CALL).with("DialALegUUID", NEXT_CALL));
    WebhookResponse huge = post(webhooks, "sms", load("sms-inbound").with("Text", "x".repeat(1024 * 1024)));
    WebhookResponse broken = webhooks.endpoints().get("sms").handle(WebhookRequest.formPost(url("sms"),
        Map.of(PlivoSignatureVerifier.V3_HEADER, List.of("c2ln"), PlivoSignatureVerifier.V3_NONCE_HEADER,
            List.of("1")), "Text=%zz"));
    WebhookResponse noStatus = post(webhooks, "dial", load("dial-no-answer").without("DialStatus")
        .with("CallUUID", "c3").with("DialALegUUID", "c3"));
    engine.runDueWork();

    assertThat(anonymous.status()).isEqualTo(200);
    assertThat(sip.status()).isEqualTo(200);
    assertThat(huge.status()).isEqualTo(413);
    assertThat(broken.status()).isEqualTo(400);
    assertThat(noStatus).isEqualTo(WebhookResponse.badRequest("missing parameter DialStatus"));
    assertThat(decisions).extracting(CallDecision::reason)
        .containsExactly(Reason.SKIPPED_ANONYMOUS_CALLER, Reason.SKIPPED_INVALID_CALLER);
    assertThat(plivo.getRequestCount()).isZero();
  }

  private CarrierWebhooks wire(PlivoConfig.Builder config) {
    carrier = PlivoCarrier.create(config.apiBaseUrl(plivo.url("/").toString()).build());
    BusinessProfile joes = BusinessProfile.builder()
        .id("joes")
        .displayName("Joe's Plumbing")
        .number(new BusinessNumber(PhoneNumber.of("+" + BUSINESS), null, PhoneNumber.of("+" + BUSINESS_CELL)))
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

          @Override
          public void onSent(OutboxEntry entry, SendReceipt receipt) {
            accepted.add(receipt);
          }
        })
        .build();
    engine.start();
    return engine.webhooks(PlivoCarrier.ID);
  }

  private static WebhookResponse post(CarrierWebhooks webhooks, String route, PlivoFixtures.Payload payload) {
    return webhooks.endpoints().get(route).handle(payload.signedPost(url(route)));
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
