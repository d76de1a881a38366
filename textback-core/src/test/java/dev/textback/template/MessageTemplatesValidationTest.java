package dev.textback.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import org.junit.jupiter.api.Test;

class MessageTemplatesValidationTest {
  private static final String OK = "Hi, this is {business}. Reply STOP to opt out.";

  private static MessageTemplates.Builder englishWithDefault() {
    return MessageTemplates.builder("en").add(Situation.DEFAULT, "en", OK);
  }

  @Test
  void rejects_an_empty_or_blank_text_naming_the_template() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> englishWithDefault().add(Situation.AFTER_HOURS, "es", "").build())
        .withMessage("template AFTER_HOURS/es: text is empty");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> englishWithDefault().add(Situation.BUSY, "en", " \n ").build())
        .withMessage("template BUSY/en: text is empty");
  }

  @Test
  void rejects_an_unknown_placeholder_and_suggests_the_close_one() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> englishWithDefault()
            .add(Situation.AFTER_HOURS, "es", "Hola, somos {bussiness}.").build())
        .withMessageStartingWith("template AFTER_HOURS/es: unknown placeholder {bussiness}")
        .withMessageContaining("did you mean {business}?");
  }

  @Test
  void rejects_an_unknown_placeholder_with_nothing_close_to_suggest() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> englishWithDefault().add(Situation.BUSY, "en", "Your code is {otp}").build())
        .withMessage("template BUSY/en: unknown placeholder {otp}");
  }

  @Test
  void rejects_an_opening_brace_that_is_never_closed() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> englishWithDefault().add(Situation.OPEN, "en", "Hi {business").build())
        .withMessageStartingWith("template OPEN/en: unbalanced '{' at index 3");
  }

  @Test
  void rejects_a_closing_brace_without_an_opening_one() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> englishWithDefault().add(Situation.OPEN, "en", "Hi business} here").build())
        .withMessageStartingWith("template OPEN/en: unbalanced '}' at index 11");
  }

  @Test
  void rejects_a_brace_inside_a_placeholder() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> englishWithDefault().add(Situation.OPEN, "en", "Hi {caller_name|{x}}").build())
        .withMessageStartingWith("template OPEN/en: unbalanced '{' at index 3");
  }

  @Test
  void rejects_a_placeholder_without_a_name() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> englishWithDefault().add(Situation.OPEN, "en", "Hi {|there}").build())
        .withMessage("template OPEN/en: placeholder at index 3 has no name");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> englishWithDefault().add(Situation.OPEN, "en", "Hi {}").build())
        .withMessage("template OPEN/en: placeholder at index 3 has no name");
  }

  @Test
  void requires_a_default_variant_in_the_default_language() {
    MessageTemplates.Builder builder = MessageTemplates.builder("en")
        .add(Situation.AFTER_HOURS, "en", OK)
        .add(Situation.DEFAULT, "es", "Hola, somos {business}.");
    assertThatIllegalArgumentException()
        .isThrownBy(builder::build)
        .withMessageStartingWith("template DEFAULT/en: missing");
  }

  @Test
  void rejects_language_tags_that_name_no_language() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> englishWithDefault().add(Situation.DEFAULT, "und", OK).build())
        .withMessageStartingWith("template DEFAULT/und: 'und' is not a BCP-47 language tag");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> englishWithDefault().add(Situation.DEFAULT, "es_MX", OK).build())
        .withMessageStartingWith("template DEFAULT/es_MX: 'es_MX' is not a BCP-47 language tag");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> englishWithDefault().add(Situation.DEFAULT, "zz", OK).build())
        .withMessageStartingWith("template DEFAULT/zz: 'zz' is not a BCP-47 language tag");
  }

  @Test
  void rejects_an_invalid_default_language() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MessageTemplates.builder("und").add(Situation.DEFAULT, "en", OK).build())
        .withMessageStartingWith("default language 'und' is not a BCP-47 language tag");
  }

  @Test
  void reports_every_problem_at_once() {
    MessageTemplates.Builder builder = MessageTemplates.builder("en")
        .add(Situation.AFTER_HOURS, "es", "Hola {bussiness}")
        .add(Situation.BUSY, "fr", "Bonjour {business");
    assertThatIllegalArgumentException()
        .isThrownBy(builder::build)
        .withMessageContaining("template AFTER_HOURS/es: unknown placeholder {bussiness}")
        .withMessageContaining("template BUSY/fr: unbalanced '{'")
        .withMessageContaining("template DEFAULT/en: missing");
  }

  @Test
  void accepts_escaped_braces_and_fallbacks() {
    assertThatNoException().isThrownBy(() -> englishWithDefault()
        .add(Situation.OPEN, "en", "Hi {caller_name|there}, code {{A1}} from {business}.").build());
  }

  @Test
  void validates_free_standing_text_under_the_given_name() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MessageTemplates.validateText("help text", "{business}: help at {phone}"))
        .withMessage("help text: unknown placeholder {phone}");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MessageTemplates.validateText("help text", ""))
        .withMessage("help text: text is empty");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MessageTemplates.validateText("help text", "Reply HELP}"))
        .withMessageStartingWith("help text: unbalanced '}'");
    assertThatNoException()
        .isThrownBy(() -> MessageTemplates.validateText("help text", "{business}: help at {business_phone}."));
  }

  @Test
  void lists_placeholders_in_order_of_first_use() {
    assertThat(TemplateEngine.placeholders("{business} {{x}} {caller_name|there} {business}"))
        .containsExactly("business", "caller_name");
  }
}
