package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBack;
import dev.textback.template.MessageTemplates;
import dev.textback.template.Situation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Building an engine warns about text-back templates that do not say how to opt out, unless told not to. */
class OptOutWordingWarningTest {
  private static final String WITHOUT =
      "Hi, this is {business}. Sorry we missed your call. Reply here with your issue.";
  private static final String WITH = WITHOUT + " Reply STOP to opt out.";

  private static EngineFixture fixture(String defaultText, String spanishText) {
    return new EngineFixture(b -> b.templates(MessageTemplates.builder("en")
        .add(Situation.DEFAULT, "en", defaultText)
        .add(Situation.AFTER_HOURS, "es", spanishText)
        .build()));
  }

  /** What slf4j-simple (the tests' backend, writing to System.err) logs while the engine is built. */
  private static String logOfBuilding(EngineFixture fixture, Consumer<TextBack.Builder> customise) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      TextBack.Builder builder = fixture.engineBuilder();
      customise.accept(builder);
      builder.build().close();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void warns_naming_the_business_and_each_template_without_opt_out_wording() {
    String log = logOfBuilding(fixture(WITHOUT, "{business}: lo sentimos, estamos cerrados."), b -> {});

    assertThat(log)
        .contains("WARN")
        .contains("business summit: template DEFAULT/en has no opt-out wording")
        .contains("business summit: template AFTER_HOURS/es has no opt-out wording")
        .contains("warnWithoutOptOutWording(false)");
  }

  @Test
  void names_only_the_template_that_lacks_it() {
    String log = logOfBuilding(fixture(WITH, "{business}: estamos cerrados."), b -> {});

    assertThat(log).contains("template AFTER_HOURS/es has no opt-out wording")
        .doesNotContain("template DEFAULT/en has no opt-out wording");
  }

  @Test
  void is_quiet_when_every_template_says_how_to_opt_out() {
    String log = logOfBuilding(fixture(WITH, "{business}: estamos cerrados. Responde STOP para no recibir más."),
        b -> {});

    assertThat(log).doesNotContain("opt-out wording");
  }

  @Test
  void the_default_templates_all_say_how_to_opt_out() {
    String log = logOfBuilding(new EngineFixture(b -> b.templates(MessageTemplates.defaults())), b -> {});

    assertThat(log).doesNotContain("opt-out wording");
  }

  @Test
  void can_be_turned_off_on_the_builder() {
    String log = logOfBuilding(fixture(WITHOUT, "{business}: estamos cerrados."),
        b -> b.warnWithoutOptOutWording(false));

    assertThat(log).doesNotContain("opt-out wording");
  }
}
