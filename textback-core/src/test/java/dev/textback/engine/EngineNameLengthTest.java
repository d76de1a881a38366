package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.phone.PhoneNumber;
import org.junit.jupiter.api.Test;

/**
 * Names kept for the record (a reply's author, who marked a conversation handled or a caller called back, the
 * engine's instance id) fit what the database stores keep, 255 characters; a longer one is refused where it is
 * given, not by the database later as an unexplained failure (or, for the instance id, on every claim).
 */
class EngineNameLengthTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void an_author_or_marker_over_255_characters_is_refused_and_nothing_is_queued() {
    try (TextBack engine = f.engine()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      int before = f.claimAllPending().size();

      assertThatIllegalArgumentException().isThrownBy(() -> engine.reply(d.conversationId(), "On our way",
          "a".repeat(256))).withMessageContaining("author");
      assertThatIllegalArgumentException().isThrownBy(() -> engine.markHandled(d.conversationId(),
          "a".repeat(256))).withMessageContaining("by");
      assertThatIllegalArgumentException().isThrownBy(() -> engine.markCalledBack("summit",
          PhoneNumber.of(EngineFixture.CALLER), "a".repeat(256))).withMessageContaining("by");

      assertThat(before).isEqualTo(1);
      assertThat(engine.reply(d.conversationId(), "On our way", "a".repeat(255)).author()).hasSize(255);
    }
  }

  @Test
  void an_instance_id_that_is_blank_or_over_255_characters_is_refused_by_the_builder() {
    assertThatIllegalArgumentException().isThrownBy(() -> TextBack.builder().instanceId(" "));
    assertThatIllegalArgumentException().isThrownBy(() -> TextBack.builder().instanceId("i".repeat(256)))
        .withMessageContaining("instanceId");
    TextBack.builder().instanceId("i".repeat(255));
  }
}
