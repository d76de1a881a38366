package dev.textback.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.textback.phone.PhoneNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationBuilderTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  private static Conversation full() {
    return Conversation.builder().id("cv-1").businessId("biz-1").businessNumber(PhoneNumber.of("+15550100100"))
        .caller(PhoneNumber.of("+15550123401")).carrier("vonage").callId("CA1").openedAt(T0)
        .status(ConversationStatus.HANDLED).owner("Ana").lastActivityAt(T0.plusSeconds(1800))
        .firstReplyAt(T0.plusSeconds(120)).firstResponseAt(T0.plusSeconds(600)).awaitingSince(T0.plusSeconds(1200))
        .escalateAt(T0.plusSeconds(2100)).handledAt(T0.plusSeconds(1500)).build();
  }

  @Test
  void names_every_required_conversation_field_left_unset() {
    assertThatIllegalStateException().isThrownBy(() -> Conversation.builder().id("cv-1").build())
        .withMessage("Conversation is missing businessId, businessNumber, caller, carrier, openedAt, status,"
            + " lastActivityAt");
  }

  @Test
  void names_every_required_message_field_left_unset() {
    assertThatIllegalStateException().isThrownBy(() -> ConversationMessage.builder().body("hi").build())
        .withMessage("ConversationMessage is missing id, conversationId, direction, at");
  }

  @Test
  void to_builder_carries_every_conversation_field() {
    Conversation full = full();

    Conversation copy = full.toBuilder().build();

    assertThat(copy).usingRecursiveComparison().isEqualTo(full);
    assertThat(copy).isEqualTo(full).hasSameHashCodeAs(full);
    assertThat(full.toBuilder().owner(null).build()).isNotEqualTo(full);
  }

  @Test
  void to_builder_carries_every_message_field() {
    ConversationMessage full = ConversationMessage.builder().id("m1").conversationId("cv-1")
        .direction(Direction.OUTBOUND).body("On our way").at(T0).automatic(true).author("Ana")
        .carrierMessageId("SM1").mediaUrls(List.of("https://media.example/1.jpg")).build();

    ConversationMessage copy = full.toBuilder().build();

    assertThat(copy).usingRecursiveComparison().isEqualTo(full);
    assertThat(copy).isEqualTo(full).hasSameHashCodeAs(full);
    assertThat(full.toBuilder().automatic(false).build()).isNotEqualTo(full);
  }

  @Test
  void a_message_keeps_its_own_copy_of_the_media_list() {
    List<String> media = new ArrayList<>(List.of("https://media.example/1.jpg"));
    ConversationMessage message = ConversationMessage.builder().id("m1").conversationId("cv-1")
        .direction(Direction.INBOUND).body("photo").at(T0).mediaUrls(media).build();

    media.add("https://media.example/2.jpg");

    assertThat(message.mediaUrls()).containsExactly("https://media.example/1.jpg");
    assertThat(ConversationMessage.builder().id("m2").conversationId("cv-1").direction(Direction.INBOUND)
        .body("text").at(T0).build().mediaUrls()).isEmpty();
  }

  @Test
  void a_caller_reply_on_a_handled_conversation_reopens_it_and_waits_for_the_business() {
    Conversation handled = full().toBuilder().awaitingSince(null).escalateAt(null).build();

    Conversation reopened = handled.withCallerReply(T0.plusSeconds(3600), T0.plusSeconds(4200));

    assertThat(reopened.status()).isEqualTo(ConversationStatus.OPEN);
    assertThat(reopened.lastActivityAt()).isEqualTo(T0.plusSeconds(3600));
    assertThat(reopened.firstReplyAt()).as("the first reply stays the first").isEqualTo(T0.plusSeconds(120));
    assertThat(reopened.awaitingSince()).isEqualTo(T0.plusSeconds(3600));
    assertThat(reopened.escalateAt()).isEqualTo(T0.plusSeconds(4200));
    assertThat(reopened.handledAt()).isNull();
    assertThat(reopened.needsReply()).isTrue();
  }
}
