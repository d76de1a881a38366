package dev.textback.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.phone.PhoneNumber;
import dev.textback.spi.OutboxKind;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OwnerSmsForwardRouterTest {
  private static final Instant OPENED = Instant.parse("2025-03-04T14:02:00Z");

  @Test
  void forward_text_shows_partial_caller_time_and_body() {
    String text = OwnerSmsForwardRouter.format(PhoneNumber.of("+15551234567"), OPENED, ZoneOffset.UTC,
        "Yes, tomorrow works", 0);

    assertThat(text).isEqualTo("Reply from +1 555...4567 to your missed call at 14:02: Yes, tomorrow works");
  }

  @Test
  void call_time_is_shown_in_the_business_zone() {
    // New York is on EST (UTC-5) on 4 March 2025.
    String text = OwnerSmsForwardRouter.format(PhoneNumber.of("+15551234567"), OPENED,
        ZoneId.of("America/New_York"), "Hi", 0);

    assertThat(text).isEqualTo("Reply from +1 555...4567 to your missed call at 09:02: Hi");
  }

  @Test
  void non_nanp_caller_shows_first_four_and_last_four_digits() {
    String text = OwnerSmsForwardRouter.format(PhoneNumber.of("+447911123456"), OPENED, ZoneOffset.UTC, "Hi", 0);

    assertThat(text).isEqualTo("Reply from +4479...3456 to your missed call at 14:02: Hi");
  }

  @Test
  void short_numbers_still_hide_two_digits() {
    assertThat(PartialNumber.of(PhoneNumber.of("+12345678"))).isEqualTo("+12...5678");
    assertThat(PartialNumber.of(PhoneNumber.of("+4912345"))).isEqualTo("+4...2345");
  }

  @Test
  void attachments_are_noted_after_the_body() {
    assertThat(OwnerSmsForwardRouter.format(PhoneNumber.of("+15551234567"), OPENED, ZoneOffset.UTC, "Look", 2))
        .isEqualTo("Reply from +1 555...4567 to your missed call at 14:02: Look [2 attachments]");
    assertThat(OwnerSmsForwardRouter.format(PhoneNumber.of("+15551234567"), OPENED, ZoneOffset.UTC, "", 1))
        .isEqualTo("Reply from +1 555...4567 to your missed call at 14:02: [1 attachment]");
  }

  @Test
  void queues_a_forward_text_to_the_owner() {
    Fixtures.RecordingQueue queue = new Fixtures.RecordingQueue();

    OwnerSmsForwardRouter.forward("acme", Fixtures.OWNER, ZoneOffset.UTC, Fixtures.conversation(),
        Fixtures.message("msg-1", "Can you come today?"), queue);

    assertThat(queue.queued).containsExactly(new Fixtures.RecordingQueue.Queued(OutboxKind.FORWARD,
        PhoneNumber.of("+15559876543"),
        "Reply from +1 555...4567 to your missed call at 14:02: Can you come today?"));
  }

  @Test
  void skips_a_business_without_owner_phone() {
    Fixtures.RecordingQueue queue = new Fixtures.RecordingQueue();

    OwnerSmsForwardRouter.forward("acme", null, ZoneOffset.UTC, Fixtures.conversation(),
        Fixtures.message("msg-1", "Hi"), queue);

    assertThat(queue.queued).isEmpty();
  }
}
