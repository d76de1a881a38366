package dev.textback.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The message id is, with the carrier, what tells a redelivered text from a new one; a blank one would make every
 * later blank-id text a "redelivery" of the first. Media URLs are kept as lines by the stores.
 */
class InboundMessageTest {
  private static final CarrierId TWILIO = CarrierId.of("twilio");
  private static final PhoneNumber CALLER = PhoneNumber.of("+12125550123");
  private static final PhoneNumber BUSINESS = PhoneNumber.of("+13035550100");
  private static final Instant AT = Instant.parse("2026-07-14T20:00:00Z");

  private static InboundMessage text(String id, List<String> media) {
    return new InboundMessage(TWILIO, id, CALLER, BUSINESS, "STOP", media, AT, null);
  }

  @Test
  void a_blank_message_id_is_refused_like_a_blank_call_id() {
    assertThatThrownBy(() -> text(" ", List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("messageId");
    assertThatThrownBy(() -> new DeliveryReceipt(TWILIO, "", DeliveryStatus.DELIVERED, null, AT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("messageId");
  }

  @Test
  void media_entries_no_url_could_be_are_left_out_and_the_text_kept() {
    // Stores keep the list as lines; a carrier's odd entry must not cost the caller's whole text.
    assertThat(text("SM1", List.of("https://api.twilio.com/media/ME1", "", " ", "https://a.example/1\nx"))
        .mediaUrls()).containsExactly("https://api.twilio.com/media/ME1");
  }
}
