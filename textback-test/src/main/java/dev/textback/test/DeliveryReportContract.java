package dev.textback.test;

import static dev.textback.test.CarrierAdapterContract.kitId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import dev.textback.test.CarrierAdapterContract.Signing;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * A carrier's delivery report lands on the outbox entry of the text it reports on, found by the carrier's
 * message id, also when it arrives before the engine has recorded that id; a report on a text the engine never
 * sent is acknowledged and changes nothing.
 */
abstract class DeliveryReportContract extends CarrierContractGroup {

  @Test
  void marks_the_text_delivered_when_the_carrier_reports_delivery() {
    String messageId = textTheCaller();
    clock().advance(Duration.ofSeconds(5));

    deliverReport(report(messageId, true));

    OutboxEntry after = onlySentEntry();
    assertThat(after.status()).isEqualTo(OutboxStatus.DELIVERED);
    assertThat(after.deliveredAt()).isNotNull();
    assertThat(events().receipts).singleElement().satisfies(r -> assertThat(r.messageId()).isEqualTo(messageId));
  }

  @Test
  void marks_the_text_failed_when_the_carrier_could_not_deliver_it() {
    String messageId = textTheCaller();
    clock().advance(Duration.ofSeconds(5));

    deliverReport(report(messageId, false));

    assertThat(onlySentEntry().status()).isEqualTo(OutboxStatus.FAILED);
  }

  @Test
  void acknowledges_a_report_on_a_text_it_never_sent_and_changes_nothing() {
    textTheCaller();

    deliverReport(report(kitId("never sent"), false));

    assertThat(events().receipts).isEmpty();
    assertThat(onlySentEntry().status()).isEqualTo(OutboxStatus.SENT);
  }

  @Test
  void asks_the_carrier_to_redeliver_a_report_the_store_could_not_take_and_takes_the_redelivery() {
    String messageId = textTheCaller();
    WebhookRequest request = contract().deliveryReport(report(messageId, true), Signing.VALID);

    contract().outage().begin();
    WebhookResponse failed = deliver(request);
    contract().outage().end();
    assertThat(onlySentEntry().status()).isEqualTo(OutboxStatus.SENT);
    deliverReport(report(messageId, true));

    assertThat(failed.status()).as("status while the store was down (body: %s)", failed.body()).isBetween(500, 599);
    assertThat(onlySentEntry().status()).isEqualTo(OutboxStatus.DELIVERED);
  }

  @Test
  void applies_a_report_that_arrives_before_the_carriers_api_has_answered_the_send() throws Exception {
    // Carriers may call the status webhook as soon as they accept a text, before the API's answer is read.
    String messageId = kitId("message reported early");
    MockResponse accepted = contract().accepted(messageId);
    WebhookRequest report = contract().deliveryReport(report(messageId, true), Signing.VALID);
    List<WebhookResponse> answers = new CopyOnWriteArrayList<>();
    api().setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        answers.add(deliver(report));
        return accepted;
      }
    });

    ringOut(missedCall("reported early"));
    flush();

    assertThat(answers).singleElement().satisfies(answer -> assertSuccess(answer, report));
    OutboxEntry after = onlySentEntry();
    assertThat(after.carrierMessageId()).isEqualTo(messageId);
    assertThat(after.status()).isEqualTo(OutboxStatus.DELIVERED);
    assertThat(events().receipts).singleElement().satisfies(r -> assertThat(r.messageId()).isEqualTo(messageId));
  }

  /** Texts the caller back after a missed call; returns the message id the carrier accepted it as. */
  final String textTheCaller() {
    String messageId = acceptNextSend();
    ringOut(missedCall("reported"));
    flush();
    assertThat(onlySentEntry().status()).isEqualTo(OutboxStatus.SENT);
    return messageId;
  }

  final void deliverReport(CarrierAdapterContract.DeliveryReport report) {
    WebhookRequest request = contract().deliveryReport(report, Signing.VALID);
    assertSuccess(deliver(request), request);
  }
}
