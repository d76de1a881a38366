package dev.textback.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.InboundResult;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.Direction;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import dev.textback.test.CarrierAdapterContract.InboundText;
import dev.textback.test.CarrierAdapterContract.MissedCall;
import dev.textback.test.CarrierAdapterContract.Signing;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Carriers redeliver webhooks (a slow answer, a network error, a retry policy), and behind a load balancer the
 * repeat may reach another instance: whatever arrives twice is acted on once.
 */
abstract class RedeliveryContract extends CarrierContractGroup {

  @Test
  void texts_a_missed_call_once_when_its_webhooks_arrive_twice() {
    acceptNextSend();
    MissedCall call = missedCall("twice");

    ringOut(call);
    flush();
    ringOut(call);
    flush();

    assertThat(firstDecisions()).as("decisions acted on").hasSize(1);
    assertThat(apiRequests()).as("send requests").hasSize(1);
  }

  @Test
  void texts_a_missed_call_once_when_its_webhooks_are_spread_over_two_instances() throws Exception {
    acceptNextSend();
    KitInstance other = contract().newInstance();
    MissedCall call = missedCall("spread");
    List<WebhookRequest> webhooks = missedCallWebhooks(call);

    // Alternate the instances webhook by webhook, then redeliver everything to the other one.
    for (int i = 0; i < webhooks.size(); i++) {
      WebhookRequest request = webhooks.get(i);
      assertSuccess(deliver(i % 2 == 0 ? main() : other, request), request);
    }
    for (WebhookRequest request : missedCallWebhooks(call)) assertSuccess(deliver(other, request), request);
    other.engine().runDueWork();
    flush();

    assertThat(firstDecisions()).as("decisions acted on").hasSize(1);
    assertThat(apiRequests()).as("send requests").hasSize(1);
  }

  @Test
  void keeps_one_message_when_a_text_arrives_twice() {
    InboundText text = text("twice", "Is Thursday fine?");

    send(text);
    send(text);

    assertThat(events().inbound).extracting(i -> i.result().action())
        .containsExactly(InboundResult.Action.ROUTED, InboundResult.Action.DUPLICATE);
    String conversation = events().inbound.get(0).result().conversationId();
    assertThat(inboundMessages(conversation)).hasSize(1);
  }

  @Test
  void records_one_opt_out_when_a_stop_arrives_twice() {
    InboundText stop = text("stop twice", "STOP");

    send(stop);
    send(stop);

    assertThat(events().inbound).extracting(i -> i.result().action())
        .containsExactly(InboundResult.Action.OPTED_OUT, InboundResult.Action.DUPLICATE);
    String conversation = events().inbound.get(0).result().conversationId();
    assertThat(inboundMessages(conversation)).hasSize(1);
  }

  @Test
  void answers_a_redelivered_help_request_with_the_same_answer() {
    // The carrier redelivers when it did not get the first answer, and acts on the answer it gets then.
    WebhookRequest help = contract().inboundText(text("help twice", "HELP"), Signing.VALID);

    WebhookResponse first = deliver(help);
    WebhookResponse again = deliver(help);

    assertSuccess(again, help);
    assertThat(again.body()).as("the answer to the redelivery").isEqualTo(first.body());
    assertThat(events().inbound).extracting(i -> i.result().action())
        .containsExactly(InboundResult.Action.HELP, InboundResult.Action.DUPLICATE);
    assertThat(events().inbound.get(1).result().reply()).isPresent()
        .isEqualTo(events().inbound.get(0).result().reply());
  }

  @Test
  void keeps_the_first_delivery_time_when_a_report_arrives_twice() {
    String messageId = acceptNextSend();
    ringOut(missedCall("reported twice"));
    flush();
    OutboxEntry sent = onlySentEntry();
    clock().advance(Duration.ofSeconds(5));
    WebhookRequest first = contract().deliveryReport(report(messageId, true), Signing.VALID);
    assertSuccess(deliver(first), first);
    Instant deliveredAt = outboxEntry(sent.id()).deliveredAt();

    clock().advance(Duration.ofMinutes(1));
    WebhookRequest again = contract().deliveryReport(report(messageId, true), Signing.VALID);
    assertSuccess(deliver(again), again);

    OutboxEntry after = outboxEntry(sent.id());
    assertThat(after.status()).isEqualTo(OutboxStatus.DELIVERED);
    assertThat(after.deliveredAt()).isEqualTo(deliveredAt);
  }

  private List<ConversationMessage> inboundMessages(String conversation) {
    assertThat(conversation).as("the conversation the text joined").isNotNull();
    return engine().messages(conversation).stream().filter(m -> m.direction() == Direction.INBOUND).toList();
  }
}
