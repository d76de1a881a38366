package dev.textback.twilio;

import static dev.textback.twilio.TwilioFixtures.BUSINESS;
import static dev.textback.twilio.TwilioFixtures.BUSINESS_CELL;
import static dev.textback.twilio.TwilioFixtures.CALLER;
import static dev.textback.twilio.TwilioFixtures.load;
import static dev.textback.twilio.TwilioFixtures.url;
import static dev.textback.twilio.TwilioIncomingCallWebhookTest.HANGUP;
import static dev.textback.twilio.TwilioIncomingCallWebhookTest.XML;
import static dev.textback.twilio.TwilioSmsGatewayTest.MESSAGES_PATH;
import static dev.textback.twilio.TwilioSmsGatewayTest.created;
import static dev.textback.twilio.TwilioSmsGatewayTest.form;
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
import dev.textback.spi.SendReceipt;
import dev.textback.spi.OutboxEntry;
import dev.textback.store.InMemoryTextBackStore;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
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
 * A real engine with the in-memory store, fed signed Twilio webhooks, sending through the Twilio gateway to a
 * mock Messages API.
 */
class TwilioEndToEndTest {
  private static final String FIRST_CALL = "CA11111111111111111111111111111111";
  private static final String NEXT_CALL = "CA33333333333333333333333333333333";

  private final MockWebServer twilio = new MockWebServer();
  private final TestClock clock = new TestClock(Instant.parse("2026-03-10T15:00:00Z")); // 11:00 in New York
  private final List<CallDecision> decisions = new CopyOnWriteArrayList<>();
  private final BlockingQueue<SendReceipt> accepted = new LinkedBlockingQueue<>();
  private TwilioCarrier carrier;
  private TextBack engine;

  @BeforeEach
  void start() throws Exception {
    twilio.start();
  }

  @AfterEach
  void stop() {
    if (engine != null) engine.close();
    if (carrier != null) carrier.close();
    twilio.close();
  }

  @Test
  void texts_a_missed_caller_once_and_never_again_after_they_reply_stop() throws Exception {
    CarrierWebhooks webhooks = wire(TwilioFixtures.config());
    twilio.enqueue(created());

    WebhookResponse dial = post(webhooks, "voice/dial", load("dial-no-answer"));
    engine.runDueWork();

    assertThat(dial.body()).isEqualTo(HANGUP);
    RecordedRequest sent = twilio.takeRequest(5, TimeUnit.SECONDS);
    assertThat(sent).isNotNull();
    assertThat(sent.getUrl().encodedPath()).isEqualTo(MESSAGES_PATH);
    assertThat(form(sent)).containsEntry("From", List.of(BUSINESS)).containsEntry("To", List.of(CALLER));
    assertThat(form(sent).get("Body")).singleElement().asString().contains("Joe's Plumbing");
    // The background dispatcher may be the one sending; let it finish before the clock moves on.
    assertThat(accepted.poll(5, TimeUnit.SECONDS)).isNotNull();

    WebhookResponse retried = post(webhooks, "voice/dial", load("dial-no-answer"));
    engine.runDueWork();

    assertThat(retried.status()).isEqualTo(200);
    assertThat(twilio.getRequestCount()).isEqualTo(1);

    WebhookResponse stop = post(webhooks, "sms", load("sms-stop"));
    clock.advance(Duration.ofDays(2)); // past the cooldown, so only the opt-out can hold the next text back
    post(webhooks, "voice/dial", load("dial-no-answer").with("CallSid", NEXT_CALL));
    engine.runDueWork();

    assertThat(stop.status()).isEqualTo(200);
    assertThat(stop.body()).isEqualTo(XML + "<Response/>");
    assertThat(twilio.getRequestCount()).isEqualTo(1);
    assertThat(decisions).extracting(CallDecision::reason)
        .containsExactly(Reason.TEXT, Reason.TEXT, Reason.SKIPPED_OPTED_OUT);
    assertThat(decisions.get(1).duplicate()).isTrue();
  }

  @Test
  void thanks_a_caller_for_the_voicemail_they_left() throws Exception {
    CarrierWebhooks webhooks = wire(TwilioFixtures.config().voicemail(true));
    twilio.enqueue(created());

    WebhookResponse dial = post(webhooks, "voice/dial", load("dial-no-answer"));
    engine.runDueWork();
    assertThat(dial.body()).contains("<Record action=\"https://textback.example.com/webhooks/twilio/voice/recording"
        + "?outcome=NO_ANSWER#rc=2&amp;rp=5xx,ct,rt\"");
    assertThat(twilio.getRequestCount()).isZero();

    post(webhooks, "voice/recording?outcome=NO_ANSWER", load("recording"));
    post(webhooks, "voice/status", load("call-status-completed"));
    engine.runDueWork();

    RecordedRequest sent = twilio.takeRequest(5, TimeUnit.SECONDS);
    assertThat(form(sent).get("Body")).singleElement().asString().contains("Thanks for your voicemail");
    assertThat(accepted.poll(5, TimeUnit.SECONDS)).isNotNull();
    assertThat(twilio.getRequestCount()).isEqualTo(1);
    assertThat(decisions).extracting(CallDecision::duplicate).containsExactly(false, true);
  }

  private CarrierWebhooks wire(TwilioConfig.Builder config) {
    TwilioConfig twilioConfig = config.apiBaseUrl(twilio.url("/").toString()).build();
    carrier = TwilioCarrier.create(twilioConfig);
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

          @Override
          public void onSent(OutboxEntry entry, SendReceipt receipt) {
            accepted.add(receipt);
          }
        })
        .build();
    engine.start();
    return engine.webhooks(TwilioCarrier.ID);
  }

  private static WebhookResponse post(CarrierWebhooks webhooks, String route, TwilioFixtures.Payload payload) {
    WebhookRequest request = payload.signedPost(url(route));
    return webhooks.endpoints().get(route.replaceFirst("\\?.*", "")).handle(request);
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
