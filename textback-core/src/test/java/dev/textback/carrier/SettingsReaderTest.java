package dev.textback.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {
  private final Map<String, String> env = Map.of("A", "  x ", "BLANK", "  ", "SECS", "20", "ISO", "PT1M30S",
      "BAD_DURATION", "20s", "YES", "TRUE", "BAD_FLAG", "yes");

  @Test
  void reads_trimmed_text_and_takes_blank_for_absent() {
    SettingsReader r = new SettingsReader(env::get);

    assertThat(r.text("A")).contains("x");
    assertThat(r.text("BLANK")).isEmpty();
    assertThat(r.text("MISSING")).isEmpty();
  }

  @Test
  void reads_durations_in_seconds_or_iso_8601_and_flags_in_any_case() {
    SettingsReader r = new SettingsReader(env::get);

    assertThat(r.duration("SECS")).contains(Duration.ofSeconds(20));
    assertThat(r.duration("ISO")).contains(Duration.ofSeconds(90));
    assertThat(r.flag("YES")).contains(true);
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void collects_every_unreadable_value_instead_of_stopping_at_the_first() {
    SettingsReader r = new SettingsReader(env::get);

    assertThat(r.duration("BAD_DURATION")).isEmpty();
    assertThat(r.flag("BAD_FLAG")).isEmpty();
    assertThat(r.problems()).containsExactly("BAD_DURATION is not a duration (seconds or ISO-8601): 20s",
        "BAD_FLAG must be true or false: yes");
  }

  @Test
  void accepts_absolute_http_urls_and_a_query_only_on_callbacks() {
    List<String> problems = new ArrayList<>();
    SettingsReader.checkUrl("base", "https://api.example.com", false, problems);
    SettingsReader.checkUrl("callback", "https://hooks.example.com/dlr?tenant=7#rc=2", true, problems);
    assertThat(problems).isEmpty();

    SettingsReader.checkUrl("base", "https://api.example.com/?x=1", false, problems);
    SettingsReader.checkUrl("base", "ftp://api.example.com", false, problems);
    SettingsReader.checkUrl("base", "not a url", false, problems);
    assertThat(problems).hasSize(3).allSatisfy(p -> assertThat(p).startsWith("base "));
  }

  @Test
  void names_a_bad_url_without_the_credentials_it_holds() {
    List<String> problems = new ArrayList<>();
    SettingsReader.checkUrl("base", "https://ops:hunter2@api.example.com/?x=1", false, problems);

    assertThat(problems).singleElement().asString().doesNotContain("hunter2").contains("https://…@api.example.com");
  }
}
