package dev.textback.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.message.PermanentFailureReason;
import dev.textback.phone.PhoneNumber;
import dev.textback.spi.PermanentSendException;
import dev.textback.spi.RetriableSendException;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import org.junit.jupiter.api.Test;

class RecordingSmsGatewayTest {
  static SendRequest request(String key, String body) {
    return new SendRequest(PhoneNumber.of("+15550001111"), PhoneNumber.of("+15551234567"), body, key, null);
  }

  @Test
  void carrier_defaults_to_recording_and_can_stand_in_for_another() {
    assertThat(new RecordingSmsGateway().carrier()).isEqualTo("recording");
    assertThat(RecordingSmsGateway.forCarrier("twilio").carrier()).isEqualTo("twilio");
  }

  @Test
  void records_sent_texts_in_order_with_sequential_receipt_ids() {
    RecordingSmsGateway gateway = new RecordingSmsGateway();

    SendReceipt first = gateway.send(request("k1", "one"));
    SendReceipt second = gateway.send(request("k2", "two"));

    assertThat(first.messageId()).isEqualTo("rec-1");
    assertThat(second.messageId()).isEqualTo("rec-2");
    assertThat(second.status()).isEqualTo("accepted");
    assertThat(gateway.sent()).extracting(SendRequest::idempotencyKey).containsExactly("k1", "k2");
    assertThat(gateway.count()).isEqualTo(2);
  }

  @Test
  void queued_failures_are_thrown_in_order_and_recorded_as_attempts_only() {
    RecordingSmsGateway gateway = new RecordingSmsGateway();
    RetriableSendException outage = new RetriableSendException("503", null, "recording", 503, null, null, null,
        true);
    PermanentSendException invalid = new PermanentSendException("bad number", null, "recording", 400, "21211",
        null, PermanentFailureReason.INVALID_NUMBER);
    gateway.failNext(outage, invalid);

    assertThatThrownBy(() -> gateway.send(request("k1", "one"))).isSameAs(outage);
    assertThatThrownBy(() -> gateway.send(request("k1", "one"))).isSameAs(invalid);

    assertThat(gateway.attempts()).extracting(SendRequest::idempotencyKey).containsExactly("k1", "k1");
    assertThat(gateway.sent()).isEmpty();
    assertThat(gateway.count()).isZero();
  }

  @Test
  void sends_normally_once_the_queued_failures_are_used_up() {
    RecordingSmsGateway gateway = new RecordingSmsGateway();
    gateway.failNext(new RetriableSendException("429", null, "recording", 429, null, null, null, false));

    assertThatThrownBy(() -> gateway.send(request("k1", "one"))).isInstanceOf(RetriableSendException.class);
    SendReceipt receipt = gateway.send(request("k1", "one"));

    assertThat(receipt.messageId()).isEqualTo("rec-1");
    assertThat(gateway.attempts()).hasSize(2);
    assertThat(gateway.sent()).hasSize(1);
  }

  @Test
  void clear_forgets_attempts_and_sends() {
    RecordingSmsGateway gateway = new RecordingSmsGateway();
    gateway.failNext(new RetriableSendException("503", null, "recording", 503, null, null, null, true));
    assertThatThrownBy(() -> gateway.send(request("k1", "one"))).isInstanceOf(RetriableSendException.class);

    gateway.clear();

    assertThat(gateway.attempts()).isEmpty();
    assertThat(gateway.sent()).isEmpty();
  }
}
