package dev.textback.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BoundedMemoTest {

  @Test
  void keepsWhatItIsGivenWhileUnderItsBound() {
    BoundedMemo<String, Integer> memo = new BoundedMemo<>(8);
    assertThat(memo.known("a")).isNull();
    memo.remember("a", 1);
    memo.remember("bb", 2);
    memo.remember("a", 99); // the first result stays
    assertThat(memo.known("a")).isEqualTo(1);
    assertThat(memo.known("bb")).isEqualTo(2);
    assertThat(memo.size()).isEqualTo(2);
  }

  @Test
  void pastItsBoundKeepsNothingNew() {
    BoundedMemo<Integer, Integer> memo = new BoundedMemo<>(2);
    for (int key = 0; key < 5; key++) memo.remember(key, key * 10);
    assertThat(memo.size()).isEqualTo(2);
    assertThat(memo.known(0)).isEqualTo(0);
    assertThat(memo.known(1)).isEqualTo(10);
    assertThat(memo.known(2)).isNull();
    assertThat(memo.known(4)).isNull();
  }

  @Test
  void aBuiltTemplateIsKeptParsedAndAFreeStandingTextIsNot() {
    // Unique texts, so no other test can have kept them first.
    String template = "Hi, this is {business}. Ref " + UUID.randomUUID();
    String freeStanding = "Hi Ana, this is {business}. Ref " + UUID.randomUUID();

    String rendered = MessageTemplates.renderText(freeStanding,
        TemplateValues.builder().put("business", "Summit").build());
    assertThat(rendered).startsWith("Hi Ana, this is Summit. Ref ");
    new Template(Situation.DEFAULT, "en", freeStanding).render(TemplateValues.builder().build());
    assertThat(TemplateEngine.isKeptParsed(freeStanding)).isFalse();

    assertThat(TemplateEngine.isKeptParsed(template)).isFalse();
    MessageTemplates.builder("en").add(Situation.DEFAULT, "en", template).build();
    assertThat(TemplateEngine.isKeptParsed(template)).isTrue();
    // The kept form is the one every render reads, and nobody can change it.
    List<TemplateEngine.Part> parts = TemplateEngine.parsed(template);
    assertThat(TemplateEngine.parsed(template)).isSameAs(parts);
    assertThat(parts).containsExactly(new TemplateEngine.Literal("Hi, this is "),
        new TemplateEngine.Slot("business", null), new TemplateEngine.Literal(template.substring(22)));
    assertThatThrownBy(() -> parts.add(new TemplateEngine.Literal("x")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(new Template(Situation.DEFAULT, "en", template)
        .render(TemplateValues.builder().put("business", "Peak").build()))
        .isEqualTo("Hi, this is Peak" + template.substring(22));
  }

  @Test
  void aTextWithASyntaxErrorFailsEveryTime() {
    TemplateValues values = TemplateValues.builder().put("business", "Summit").build();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> MessageTemplates.renderText("Hi from {business", values))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("never closed");
    }
  }

  @Test
  void onlyPlainLanguageTagsAreKept() {
    assertThat(LanguageTags.normalise(" es-mx ")).contains("es-MX");
    assertThat(LanguageTags.normalise("es-mx")).contains("es-MX");
    assertThat(LanguageTags.normalise("zh-hant-tw")).contains("zh-Hant-TW");
    assertThat(LanguageTags.isKept(" es-mx ")).isTrue();
    assertThat(LanguageTags.isKept("es-mx")).isTrue();
    assertThat(LanguageTags.isKept("zh-hant-tw")).isTrue();

    // Free text in a tag (private use, variants), ill-formed input, or a directory's field that is no tag at all:
    // worked out each time and never kept, as it may name someone.
    String privateUse = "en-x-ana" + Long.toString(System.nanoTime() % 1_000_000L, 36);
    assertThat(LanguageTags.normalise(privateUse)).contains(privateUse);
    assertThat(LanguageTags.isKept(privateUse)).isFalse();
    assertThat(LanguageTags.normalise("de-DE-1996")).contains("de-DE-1996");
    assertThat(LanguageTags.isKept("de-DE-1996")).isFalse();
    String note = "prefers texts after 5pm, ask for Ana " + UUID.randomUUID();
    assertThat(LanguageTags.normalise(note)).isEmpty();
    assertThat(LanguageTags.isKept(note)).isFalse();
    assertThat(LanguageTags.normalise("en_US")).isEmpty();
    assertThat(LanguageTags.normalise("  ")).isEmpty();
    assertThat(LanguageTags.normalise(null)).isEmpty();

    List<String> chain = LanguageTags.withParents("zh-Hant-TW");
    assertThat(chain).containsExactly("zh-Hant-TW", "zh-Hant", "zh");
    assertThat(LanguageTags.withParents("zh-Hant-TW")).isSameAs(chain);
    assertThatThrownBy(() -> chain.add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(LanguageTags.withParents(privateUse)).isNotSameAs(LanguageTags.withParents(privateUse));
  }
}
