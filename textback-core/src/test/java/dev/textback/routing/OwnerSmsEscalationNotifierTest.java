package dev.textback.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.phone.PhoneNumber;
import dev.textback.spi.OutboxKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OwnerSmsEscalationNotifierTest {
  private static final PhoneNumber CALLER = PhoneNumber.of("+15551234567");

  @Test
  void escalation_text_names_business_partial_caller_minutes_and_reply() {
    String text = OwnerSmsEscalationNotifier.format("Acme Plumbing", CALLER, Duration.ofSeconds(12 * 60 + 30),
        "Can you come today?");

    assertThat(text).isEqualTo(
        "Acme Plumbing: a caller (+1 555...4567) replied 12 min ago and is waiting: \"Can you come today?\"");
  }

  @Test
  void long_reply_is_cut_to_eighty_characters_ending_in_an_ellipsis() {
    String reply = "Hi, this is about the leaking pipe under the kitchen sink. It got worse overnight and "
        + "now the cabinet floor is wet.";
    String text = OwnerSmsEscalationNotifier.format("Acme", CALLER, Duration.ofMinutes(10), reply);

    // The first 77 characters of the reply, then "..." (GSM-7, unlike an ellipsis character).
    assertThat(text).isEqualTo("Acme: a caller (+1 555...4567) replied 10 min ago and is waiting: "
        + "\"Hi, this is about the leaking pipe under the kitchen sink. It got worse overn...\"");
  }

  @Test
  void reply_of_exactly_eighty_characters_is_kept_whole() {
    String eighty = "0123456789".repeat(8);
    assertThat(OwnerSmsEscalationNotifier.quote(eighty)).isEqualTo(eighty);
  }

  @Test
  void cut_never_splits_an_emoji() {
    String quote = OwnerSmsEscalationNotifier.quote("\uD83D\uDE00".repeat(100));

    assertThat(quote.codePointCount(0, quote.length())).isEqualTo(80);
    assertThat(quote).isEqualTo("\uD83D\uDE00".repeat(77) + "...");
  }

  @Test
  void line_breaks_in_the_reply_become_spaces() {
    assertThat(OwnerSmsEscalationNotifier.quote("Call me\n\nafter 5\r\n")).isEqualTo("Call me after 5");
  }

  @Test
  void queues_an_escalation_text_to_the_owner() {
    Fixtures.RecordingQueue queue = new Fixtures.RecordingQueue();

    OwnerSmsEscalationNotifier.notifyOwner("acme", "Acme Plumbing", Fixtures.OWNER, Fixtures.conversation(),
        Duration.ofMinutes(15), "Hello?", queue);

    assertThat(queue.queued).containsExactly(new Fixtures.RecordingQueue.Queued(OutboxKind.ESCALATION,
        PhoneNumber.of("+15559876543"),
        "Acme Plumbing: a caller (+1 555...4567) replied 15 min ago and is waiting: \"Hello?\""));
  }

  @Test
  void skips_a_business_without_owner_phone() {
    Fixtures.RecordingQueue queue = new Fixtures.RecordingQueue();

    OwnerSmsEscalationNotifier.notifyOwner("acme", "Acme", null, Fixtures.conversation(), Duration.ofMinutes(15),
        "Hello?", queue);

    assertThat(queue.queued).isEmpty();
  }
}
