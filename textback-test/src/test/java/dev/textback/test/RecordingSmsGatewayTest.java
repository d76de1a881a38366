package dev.textback.test;

import dev.textback.spi.SendException;
import dev.textback.phone.CarrierId;
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
    return new SendRequest(PhoneNumber.of("+15550001111"), PhoneNumber.of("+15551234567"), body, key);
  }

  @Test
  void carrier_defaults_to_recording_and_can_stand_in_for_another() {
    assertThat(new RecordingSmsGateway().carrier().name()).isEqualTo("recording");
    assertThat(RecordingSmsGateway.forCarrier(CarrierId.of("twilio")).carrier().name()).isEqualTo("twilio");
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
    RetriableSendException outage = SendException.builder(CarrierId.of("recording"), "503").httpStatus(503).possiblyAccepted();
    PermanentSendException invalid = SendException.builder(CarrierId.of("recording"), "bad number").httpStatus(400).carrierCode("21211").permanent(PermanentFailureReason.INVALID_NUMBER);
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
    gateway.failNext(SendException.builder(CarrierId.of("recording"), "429").httpStatus(429).notSent());

    assertThatThrownBy(() -> gateway.send(request("k1", "one"))).isInstanceOf(RetriableSendException.class);
    SendReceipt receipt = gateway.send(request("k1", "one"));

    assertThat(receipt.messageId()).isEqualTo("rec-1");
    assertThat(gateway.attempts()).hasSize(2);
    assertThat(gateway.sent()).hasSize(1);
  }

  @Test
  void clear_forgets_attempts_and_sends() {
    RecordingSmsGateway gateway = new RecordingSmsGateway();
    gateway.failNext(SendException.builder(CarrierId.of("recording"), "503").httpStatus(503).possiblyAccepted());
    assertThatThrownBy(() -> gateway.send(request("k1", "one"))).isInstanceOf(RetriableSendException.class);

    gateway.clear();

    assertThat(gateway.attempts()).isEmpty();
    assertThat(gateway.sent()).isEmpty();
  }
}
