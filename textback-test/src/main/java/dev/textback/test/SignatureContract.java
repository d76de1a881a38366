package dev.textback.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import dev.textback.test.CarrierAdapterContract.Signing;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
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

  /**
   * One verifier serves every request thread, so whatever it keeps between checks (a keyed MAC, a parsed key) must
   * not carry one request's state into another's. Signed and forged webhooks of distinct calls arrive from several
   * threads at once; each is judged on its own signature.
   */
  @Test
  void judges_each_of_many_webhooks_arriving_at_once_on_its_own_signature() throws Exception {
    int threads = 8;
    int each = 24;
    List<List<List<WebhookRequest>>> work = new ArrayList<>();
    int signedCalls = 0;
    for (int t = 0; t < threads; t++) {
      List<List<WebhookRequest>> calls = new ArrayList<>();
      for (int i = 0; i < each; i++) {
        boolean forged = i % 3 == 0;
        CarrierAdapterContract.MissedCall call = missedCall("at once " + t + "-" + i);
        calls.add(contract().missedCall(call, forged ? Signing.FORGED : Signing.VALID));
        if (!forged) signedCalls++;
      }
      work.add(calls);
    }
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<String> wrong = new ArrayList<>();
    try {
      List<Future<List<String>>> answers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<List<WebhookRequest>> calls = work.get(t);
        answers.add(pool.submit(() -> {
          go.await();
          List<String> mistakes = new ArrayList<>();
          for (int i = 0; i < calls.size(); i++) {
            int expected = i % 3 == 0 ? 403 : 200;
            for (WebhookRequest request : calls.get(i)) {
              int status = deliver(request).status();
              if (expected == 403 ? status != 403 : status < 200 || status > 299) {
                mistakes.add(status + " for " + (expected == 403 ? "a forged " : "a signed ") + request);
              }
            }
          }
          return mistakes;
        }));
      }
      go.countDown();
      for (Future<List<String>> answer : answers) wrong.addAll(answer.get(1, TimeUnit.MINUTES));
    } finally {
      pool.shutdownNow();
    }

    assertThat(wrong).as("webhooks judged wrongly out of %d calls", threads * each).isEmpty();
    // Adapters may derive the carrier's call id from the kit's, so the signed calls are counted, not named.
    List<String> decidedCalls = events().decided.stream().filter(d -> !d.decision().duplicate())
        .map(d -> d.event().callId()).toList();
    assertThat(decidedCalls).as("calls decided: the signed ones, each once").doesNotHaveDuplicates()
        .hasSize(signedCalls);
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
