package dev.textback.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedMemoTest {

  @Test
  void computesEachInputOnceWhileUnderItsBound() {
    BoundedMemo<String, Integer> memo = new BoundedMemo<>(8);
    AtomicInteger computed = new AtomicInteger();
    for (int round = 0; round < 3; round++) {
      for (String key : List.of("a", "bb", "ccc")) {
        assertThat(memo.get(key, k -> {
          computed.incrementAndGet();
          return k.length();
        })).isEqualTo(key.length());
      }
    }
    assertThat(computed).hasValue(3);
    assertThat(memo.size()).isEqualTo(3);
  }

  @Test
  void pastItsBoundComputesAgainInsteadOfGrowing() {
    BoundedMemo<Integer, Integer> memo = new BoundedMemo<>(2);
    AtomicInteger computed = new AtomicInteger();
    for (int round = 0; round < 2; round++) {
      for (int key = 0; key < 5; key++) {
        assertThat(memo.get(key, k -> {
          computed.incrementAndGet();
          return k * 10;
        })).isEqualTo(key * 10);
      }
    }
    // The first two inputs are kept; the other three are computed in both rounds.
    assertThat(computed).hasValue(5 + 3);
    assertThat(memo.size()).isEqualTo(2);
  }

  @Test
  void aFailureIsNotRememberedAndThrowsAgain() {
    BoundedMemo<String, String> memo = new BoundedMemo<>(8);
    AtomicInteger tries = new AtomicInteger();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> memo.get("x", k -> {
        tries.incrementAndGet();
        throw new IllegalArgumentException("bad " + k);
      })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad x");
    }
    assertThat(tries).hasValue(2);
    assertThat(memo.size()).isZero();
  }

  @Test
  void aRenderedTextWithASyntaxErrorFailsEveryTime() {
    TemplateValues values = TemplateValues.builder().put("business", "Summit").build();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> MessageTemplates.renderText("Hi from {business", values))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("never closed");
    }
  }

  @Test
  void aTextRenderedAgainGivesTheSameResultForNewValues() {
    String text = "Hi {caller_name|there}, this is {business}.";
    assertThat(MessageTemplates.renderText(text, TemplateValues.builder().put("business", "Summit").build()))
        .isEqualTo("Hi there, this is Summit.");
    assertThat(MessageTemplates.renderText(text,
        TemplateValues.builder().put("business", "Peak").put("caller_name", "Ana").build()))
        .isEqualTo("Hi Ana, this is Peak.");
  }

  @Test
  void languageTagsReadTheSameTheSecondTime() {
    for (int i = 0; i < 2; i++) {
      assertThat(LanguageTags.normalise(" es-mx ")).contains("es-MX");
      assertThat(LanguageTags.normalise("en_US")).isEmpty();
      assertThat(LanguageTags.normalise("  ")).isEmpty();
      assertThat(LanguageTags.withParents("zh-Hant-TW")).containsExactly("zh-Hant-TW", "zh-Hant", "zh");
    }
  }
}
