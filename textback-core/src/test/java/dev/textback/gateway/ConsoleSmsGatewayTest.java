package dev.textback.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.phone.PhoneNumber;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleSmsGatewayTest {
  private static final SendRequest REQUEST = new SendRequest(PhoneNumber.of("+15550001111"), PhoneNumber.of("+15551234567"), "Sorry we missed your call!", "k1");

  @Test
  void line_masks_both_numbers_and_shows_the_whole_body() {
    assertThat(ConsoleSmsGateway.line(REQUEST, 2))
        .isEqualTo("SMS +1555***1111 -> +1555***4567 (2 segments): Sorry we missed your call!");
  }

  @Test
  void line_says_segment_in_the_singular_for_one() {
    assertThat(ConsoleSmsGateway.line(REQUEST, 1))
        .isEqualTo("SMS +1555***1111 -> +1555***4567 (1 segment): Sorry we missed your call!");
  }

  @Test
  void send_prints_one_line_and_accepts() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleSmsGateway gateway = new ConsoleSmsGateway(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    SendReceipt receipt = gateway.send(REQUEST);

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed).startsWith("SMS +1555***1111 -> +1555***4567 (");
    assertThat(printed).endsWith("): Sorry we missed your call!" + System.lineSeparator());
    assertThat(receipt.messageId()).isEqualTo("console-1");
    assertThat(receipt.status()).isEqualTo("accepted");
    assertThat(gateway.carrier().name()).isEqualTo("console");
  }
}
