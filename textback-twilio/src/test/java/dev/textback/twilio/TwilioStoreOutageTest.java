package dev.textback.twilio;

import static dev.textback.twilio.TwilioFixtures.load;
import static dev.textback.twilio.TwilioFixtures.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.call.CallOutcome;
import dev.textback.webhook.WebhookResponse;
import org.junit.jupiter.api.Test;

/**
 * A call whose deciding webhook met a store outage is decided the same when Twilio asks again; a dial's outcome that
 * could not be kept is not acknowledged.
 */
class TwilioStoreOutageTest {
  private final FakeEngine engine = new FakeEngine().forwarding(TwilioFixtures.BUSINESS, TwilioFixtures.BUSINESS_CELL);
  private final TwilioWebhooks webhooks = new TwilioWebhooks(TwilioFixtures.config().voicemail(true).build(), engine);

  private WebhookResponse post(String route, TwilioFixtures.Payload payload) {
    return webhooks.endpoints().get(route).handle(payload.signedPost(url(route)));
  }

  @Test
  void a_status_callback_retried_after_an_outage_still_decides_by_the_dials_outcome() {
    // The line was busy; voicemail was offered; the caller hung up on the greeting.
    post("voice/dial", load("dial-no-answer").with("DialCallStatus", "busy"));
    engine.failure = new IllegalStateException("store down");

    WebhookResponse first = post("voice/status", load("call-status-completed"));
    engine.failure = null;
    WebhookResponse retried = post("voice/status", load("call-status-completed"));

    assertThat(first.status()).isEqualTo(503);
    assertThat(retried.status()).isEqualTo(200);
    assertThat(engine.calls).hasSize(2).allSatisfy(call -> assertThat(call.outcome()).isEqualTo(CallOutcome.BUSY));
    assertThat(engine.pending.recall(engine.calls.get(0).callId())).isEmpty();
  }

  @Test
  void a_dial_outcome_that_cannot_be_kept_is_answered_503_and_kept_when_twilio_asks_again() {
    // The line was busy and voicemail is on: the call waits for the greeting, and a caller who hangs up on it is
    // decided from the outcome kept here. Acknowledged without it, the call would be decided as canceled.
    engine.pendingStore.failure = new IllegalStateException("store down");
    WebhookResponse first = post("voice/dial", load("dial-no-answer").with("DialCallStatus", "busy"));
    engine.pendingStore.failure = null;
    WebhookResponse retried = post("voice/dial", load("dial-no-answer").with("DialCallStatus", "busy"));
    post("voice/status", load("call-status-completed"));

    assertThat(first.status()).isEqualTo(503);
    assertThat(retried.status()).isEqualTo(200);
    assertThat(retried.body()).contains("<Record");
    assertThat(engine.calls).singleElement().satisfies(call -> assertThat(call.outcome()).isEqualTo(CallOutcome.BUSY));
  }
}
