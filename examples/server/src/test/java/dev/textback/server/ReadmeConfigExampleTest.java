package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.business.BusinessProfile;
import dev.textback.business.OpeningHours;
import dev.textback.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's config example is a file the server accepts as it is, with real values for everything. */
class ReadmeConfigExampleTest {
  @Test
  void the_readme_config_example_loads_with_real_values_and_every_day_of_the_week(@TempDir Path dir)
      throws Exception {
    Matcher json = Pattern.compile("```json\\n(\\{ \"businesses\".*?)```", Pattern.DOTALL)
        .matcher(Files.readString(Path.of("../../README.md")));
    assertThat(json.find()).as("a config example in the README").isTrue();
    Path file = Files.writeString(dir.resolve("businesses.json"), json.group(1));

    BusinessProfile summit = ServerConfig.load(file).businesses().get(0).profile();

    assertThat(json.group(1)).doesNotContain("…").doesNotContain("...");
    OpeningHours hours = summit.openingHours();
    assertThat(hours.on(DayOfWeek.WEDNESDAY)).containsExactly(
        new OpeningHours.Range(LocalTime.of(8, 0), LocalTime.of(18, 0)));
    assertThat(hours.on(DayOfWeek.FRIDAY)).containsExactly(
        new OpeningHours.Range(LocalTime.of(8, 0), LocalTime.of(17, 0)));
    assertThat(hours.on(DayOfWeek.SUNDAY)).isEmpty();
    assertThat(summit.templates().all()).extracting(Template::name).containsExactlyInAnyOrder(
        "DEFAULT/en", "AFTER_HOURS/en", "VOICEMAIL_LEFT/en", "BUSY/en", "DEFAULT/es");
  }
}
