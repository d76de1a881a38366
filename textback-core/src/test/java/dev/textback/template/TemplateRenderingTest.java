package dev.textback.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TemplateRenderingTest {
  private static final TemplateValues ACME = TemplateValues.builder().put("business", "Acme").build();

  private static String render(String text, TemplateValues values) {
    return new Template(Situation.DEFAULT, "en", text).render(values);
  }

  private static TemplateValues acmeWithCaller(String callerName) {
    return TemplateValues.builder().put("business", "Acme").put("caller_name", callerName).build();
  }

  @Test
  void fills_placeholders_with_their_values() {
    assertThat(render("Hi {caller_name}, this is {business}.", acmeWithCaller("Ana")))
        .isEqualTo("Hi Ana, this is Acme.");
  }

  @Test
  void uses_the_fallback_only_when_the_value_is_unknown() {
    String text = "Hi {caller_name|there}, this is {business}.";
    assertThat(render(text, ACME)).isEqualTo("Hi there, this is Acme.");
    assertThat(render(text, acmeWithCaller("Ana"))).isEqualTo("Hi Ana, this is Acme.");
  }

  @Test
  void inserts_values_that_look_like_placeholders_verbatim() {
    String text = "Hi {caller_name}, this is {business}.";
    assertThat(render(text, acmeWithCaller("{business}"))).isEqualTo("Hi {business}, this is Acme.");
    assertThat(render(text, acmeWithCaller("}{"))).isEqualTo("Hi }{, this is Acme.");
    assertThat(render(text, acmeWithCaller("{{caller_name}}"))).isEqualTo("Hi {{caller_name}}, this is Acme.");
    assertThat(render(text, acmeWithCaller("{business|x}"))).isEqualTo("Hi {business|x}, this is Acme.");
  }

  @Test
  void doubled_braces_are_literal_braces() {
    assertThat(render("Use code {{SAVE10}} with {business}", ACME)).isEqualTo("Use code {SAVE10} with Acme");
    assertThat(render("{{{business}}}", ACME)).isEqualTo("{Acme}");
    assertThat(render("}}{{", ACME)).isEqualTo("}{");
  }

  @Test
  void drops_the_space_before_punctuation_left_by_an_empty_placeholder() {
    assertThat(render("Hi {caller_name}, this is {business}.", ACME)).isEqualTo("Hi, this is Acme.");
    assertThat(render("Thanks {caller_name}!", ACME)).isEqualTo("Thanks!");
    assertThat(render("Call us (or {business_phone}) soon", ACME)).isEqualTo("Call us (or) soon");
  }

  @Test
  void collapses_the_double_space_left_by_an_empty_placeholder() {
    assertThat(render("Hi {caller_name} - this is {business}", ACME)).isEqualTo("Hi - this is Acme");
    assertThat(render("Book online {booking_link} or reply here.", ACME)).isEqualTo("Book online or reply here.");
  }

  @Test
  void tidies_runs_of_empty_placeholders() {
    assertThat(render("Hi {caller_name} {location}, welcome", ACME)).isEqualTo("Hi, welcome");
    assertThat(render("Hi {caller_name} {location} - welcome", ACME)).isEqualTo("Hi - welcome");
  }

  @Test
  void trims_spaces_left_at_the_start_and_end_of_the_message_or_a_line() {
    assertThat(render("{caller_name} thanks for calling", ACME)).isEqualTo("thanks for calling");
    assertThat(render("Thanks for calling {caller_name}", ACME)).isEqualTo("Thanks for calling");
    assertThat(render("Hi {caller_name}\nThis is {business}", ACME)).isEqualTo("Hi\nThis is Acme");
    assertThat(render("Hi\n{caller_name} this is {business}", ACME)).isEqualTo("Hi\nthis is Acme");
  }

  @Test
  void empty_fallback_counts_as_no_value() {
    assertThat(render("Hi {caller_name|}, this is {business}.", ACME)).isEqualTo("Hi, this is Acme.");
  }

  @Test
  void keeps_spacing_that_does_not_touch_an_empty_placeholder() {
    assertThat(render("Hi  {business} ,  thanks", ACME)).isEqualTo("Hi  Acme ,  thanks");
    assertThat(render("Hi {caller_name|there} , thanks", ACME)).isEqualTo("Hi there , thanks");
  }

  @Test
  void never_changes_an_inserted_value_while_tidying() {
    TemplateValues values = acmeWithCaller(" Ana ");
    assertThat(render("Hi{caller_name}{location}!", values)).isEqualTo("Hi Ana !");
    assertThat(render("{location} {caller_name}.", values)).isEqualTo(" Ana .");
  }

  @Test
  void free_standing_text_renders_like_a_template() {
    assertThat(MessageTemplates.renderText("{business}: reply STOP to opt out. {{help}}", ACME))
        .isEqualTo("Acme: reply STOP to opt out. {help}");
  }
}
