package dev.textback.business;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.template.MessageTemplates;
import dev.textback.template.Situation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Building a profile warns when a template renders to more than two SMS segments. */
class BusinessProfileTemplateLengthTest {
  private static String logOf(Runnable build) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      build.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static void build(String text) {
    BusinessProfile.builder().id("long").displayName("Acme").number("+13035550100")
        .templates(MessageTemplates.builder("en").add(Situation.DEFAULT, "en", text).build())
        .build();
  }

  @Test
  void a_template_of_three_segments_logs_a_warning_naming_it() {
    // 320 GSM-7 characters: 3 segments of at most 153.
    String log = logOf(() -> build("{business} " + "x".repeat(315)));

    assertThat(log).contains("WARN").contains("template DEFAULT/en renders to 3 SMS segments (GSM_7)");
  }

  @Test
  void a_template_of_two_segments_builds_quietly() {
    // 300 characters: 2 segments.
    String log = logOf(() -> build("{business} " + "x".repeat(295)));

    assertThat(log).doesNotContain("SMS segments");
  }
}
