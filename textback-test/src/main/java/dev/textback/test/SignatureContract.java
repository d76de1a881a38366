package dev.textback.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import dev.textback.test.CarrierAdapterContract.Signing;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Webhooks the carrier did not sign, or signed for other content, are refused with 403 before anything reads
 * them: no call decided, no text handled, no report applied, nothing sent.
 */
abstract class SignatureContract extends CarrierContractGroup {

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Signing.class, names = {"FORGED", "MISSING", "TAMPERED"})
  void refuses_every_webhook_of_a_missed_call_the_carrier_did_not_sign(Signing signing) {
    List<WebhookRequest> requests = contract().missedCall(missedCall("forged"), signing);

    assertThat(requests).as("the webhooks of a missed call").isNotEmpty();
    for (WebhookRequest request : requests) {
      WebhookResponse response = deliver(request);
      assertThat(response.status()).as("status of the answer to %s (body: %s)", request, response.body())
          .isEqualTo(403);
    }
    assertEngineUntouched();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Signing.class, names = {"FORGED", "MISSING", "TAMPERED"})
  void refuses_a_stop_the_carrier_did_not_sign_and_keeps_texting_the_caller(Signing signing) {
    WebhookResponse response = deliver(contract().inboundText(text("forged stop", "STOP"), signing));

    assertThat(response.status()).as("status (body: %s)", response.body()).isEqualTo(403);
    assertEngineUntouched();

    acceptNextSend();
    ringOut(missedCall("after forged stop"));
    flush();
    assertThat(firstDecisions()).singleElement().satisfies(d -> assertThat(d.texted()).isTrue());
    assertThat(apiRequests()).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Signing.class, names = {"FORGED", "MISSING", "TAMPERED"})
  void refuses_a_delivery_report_the_carrier_did_not_sign(Signing signing) {
    String messageId = acceptNextSend();
    ringOut(missedCall("reported"));
    flush();
    OutboxEntry sent = onlySentEntry();
    startWatching();

    WebhookResponse response = deliver(contract().deliveryReport(report(messageId, false), signing));

    assertThat(response.status()).as("status (body: %s)", response.body()).isEqualTo(403);
    assertEngineUntouched();
    assertThat(outboxEntry(sent.id()).status()).isEqualTo(OutboxStatus.SENT);
  }
}
