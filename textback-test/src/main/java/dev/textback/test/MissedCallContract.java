package dev.textback.test;

import static dev.textback.test.CarrierAdapterContract.BUSINESS_NUMBER;
import static dev.textback.test.CarrierAdapterContract.CALLER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.rules.Reason;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import dev.textback.test.CarrierAdapterContract.SentText;
import org.junit.jupiter.api.Test;

/**
 * A call that rings out: the adapter's webhooks hand the engine one missed call with the carrier's numbers, and
 * the gateway makes exactly one send request, from the number the caller dialled to the caller.
 */
abstract class MissedCallContract extends CarrierContractGroup {

  @Test
  void hands_the_engine_one_unanswered_call_to_the_dialled_number() {
    ringOut(missedCall("one"));

    assertThat(events().decided).as("calls decided").singleElement().satisfies(d -> {
      CallEvent call = d.event();
      assertThat(call.carrier()).isEqualTo(main().carrier().id());
      assertThat(call.dialled()).isEqualTo(BUSINESS_NUMBER);
      // The caller as the carrier reported it; some carriers leave out the plus sign.
      assertThat(call.caller().replaceAll("[^0-9]", "")).isEqualTo(CALLER.e164().substring(1));
      assertThat(call.outcome()).isEqualTo(CallOutcome.NO_ANSWER);
      assertThat(d.decision().action()).isEqualTo(CallDecision.Action.QUEUED);
      assertThat(d.decision().reason()).isEqualTo(Reason.TEXT);
    });
  }

  @Test
  void sends_one_text_from_the_dialled_number_to_the_caller() {
    acceptNextSend();
    ringOut(missedCall("one"));

    flush();
    flush();

    CallDecision decision = events().decided.get(0).decision();
    OutboxEntry entry = outboxEntry(decision.outboxId());
    SentText sent = onlySentText();
    assertThat(sent.from()).isEqualTo(BUSINESS_NUMBER);
    assertThat(sent.to()).isEqualTo(CALLER);
    assertThat(sent.body()).isEqualTo(entry.body());
    assertThat(entry.body()).contains(CarrierAdapterContract.BUSINESS_NAME);
  }

  @Test
  void records_the_carriers_message_id_on_the_text_it_accepted() {
    String messageId = acceptNextSend();
    ringOut(missedCall("one"));

    flush();

    OutboxEntry entry = onlySentEntry();
    assertThat(entry.status()).isEqualTo(OutboxStatus.SENT);
    assertThat(entry.carrierMessageId()).isEqualTo(messageId);
    assertThat(entry.sentAt()).isEqualTo(clock().instant());
  }
}
