package dev.textback.test;

import static dev.textback.test.CarrierAdapterContract.BUSINESS_NUMBER;
import static dev.textback.test.CarrierAdapterContract.CALLER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.InboundResult;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.Direction;
import dev.textback.rules.Reason;
import dev.textback.test.CarrierAdapterContract.InboundText;
import dev.textback.test.CarrierAdapterContract.Signing;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Texts from callers reach the engine with both numbers and the exact text; STOP is recorded as an opt-out, so
 * the caller's next missed call is not texted.
 */
abstract class InboundTextContract extends CarrierContractGroup {
  /** Characters that need escaping in forms, JSON and XML, and one outside GSM-7. */
  private static final String AWKWARD_TEXT = "Can you come Thursday? I'm at 5 & Main <back door> \"50% off\" é";

  @Test
  void hands_the_engine_the_callers_text_with_both_numbers() {
    send(text("hello", AWKWARD_TEXT));

    assertThat(events().inbound).as("texts handled").singleElement().satisfies(i -> {
      assertThat(i.message().carrier()).isEqualTo(main().carrier().id());
      assertThat(i.message().from()).isEqualTo(CALLER);
      assertThat(i.message().to()).isEqualTo(BUSINESS_NUMBER);
      assertThat(i.message().body()).isEqualTo(AWKWARD_TEXT);
      assertThat(i.result().action()).isEqualTo(InboundResult.Action.ROUTED);
    });
    String conversation = events().inbound.get(0).result().conversationId();
    List<ConversationMessage> messages = engine().messages(conversation);
    assertThat(messages).singleElement().satisfies(m -> {
      assertThat(m.direction()).isEqualTo(Direction.INBOUND);
      assertThat(m.body()).isEqualTo(AWKWARD_TEXT);
    });
  }

  @Test
  void records_a_stop_so_the_callers_next_missed_call_is_not_texted() {
    acceptNextSend();
    ringOut(missedCall("first"));
    flush();

    send(text("stop", "STOP"));
    clock().advance(Duration.ofDays(2)); // past the cooldown, so only the opt-out can hold the next text back
    ringOut(missedCall("second"));
    flush();

    assertThat(events().inbound).singleElement()
        .satisfies(i -> assertThat(i.result().action()).isEqualTo(InboundResult.Action.OPTED_OUT));
    assertThat(firstDecisions()).extracting(d -> d.reason()).containsExactly(Reason.TEXT, Reason.SKIPPED_OPTED_OUT);
    assertThat(apiRequests()).as("send requests").hasSize(1);
  }

  @Test
  void asks_the_carrier_to_redeliver_a_text_the_store_could_not_take_and_takes_the_redelivery() {
    InboundText text = text("during outage", "Is Thursday fine?");
    WebhookRequest request = contract().inboundText(text, Signing.VALID);

    contract().outage().begin();
    WebhookResponse failed = deliver(request);
    contract().outage().end();
    send(text);

    assertThat(failed.status()).as("status while the store was down (body: %s)", failed.body()).isBetween(500, 599);
    assertThat(events().inbound).extracting(i -> i.result().action()).containsExactly(InboundResult.Action.ROUTED);
    assertThat(engine().messages(events().inbound.get(0).result().conversationId()))
        .extracting(ConversationMessage::body).containsExactly("Is Thursday fine?");
  }
}
