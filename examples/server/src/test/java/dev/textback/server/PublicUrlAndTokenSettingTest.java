package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TEXTBACK_PUBLIC_URL and TEXTBACK_ADMIN_TOKEN as they come from files and shells: trimmed, and refused at start when
 * no request could ever match them (every webhook's signature refused, every admin call answered 401).
 */
class PublicUrlAndTokenSettingTest {
  private static Settings settings(String key, String value) {
    Map<String, String> env = new HashMap<>();
    env.put("TEXTBACK_CONFIG", "businesses.json");
    env.put(key, value);
    return Settings.from(env, new String[0]);
  }

  @Test
  void a_public_url_is_trimmed_and_loses_its_trailing_slashes() {
    assertThat(settings("TEXTBACK_PUBLIC_URL", " https://textback.example.com/ \n").publicUrl())
        .isEqualTo("https://textback.example.com");
    assertThat(settings("TEXTBACK_PUBLIC_URL", "http://10.0.0.5:8080/textback").publicUrl())
        .isEqualTo("http://10.0.0.5:8080/textback");
    // A docker-compose service name: not a valid DNS host name, but what the proxy in front calls it.
    assertThat(settings("TEXTBACK_PUBLIC_URL", "http://textback_server:8080").publicUrl())
        .isEqualTo("http://textback_server:8080");
  }

  @Test
  void a_public_url_no_signature_could_match_is_refused_at_start() {
    for (String bad : new String[] {"https://textback.example.com?x=1", "https://textback.example.com/#top",
        "https://text back.example.com", "ftp://textback.example.com", "textback.example.com", "https:///path"}) {
      assertThatThrownBy(() -> settings("TEXTBACK_PUBLIC_URL", bad)).as(bad).isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("TEXTBACK_PUBLIC_URL ");
    }
  }

  @Test
  void an_admin_token_read_from_a_file_loses_its_line_break() {
    assertThat(settings("TEXTBACK_ADMIN_TOKEN", "test-token\n").adminToken()).isEqualTo("test-token");
  }

  @Test
  void an_admin_token_no_header_can_carry_is_refused_without_showing_it() {
    assertThatThrownBy(() -> settings("TEXTBACK_ADMIN_TOKEN", "secret token")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("position 7").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> settings("TEXTBACK_ADMIN_TOKEN", "sécret")).isInstanceOf(ConfigException.class);
  }
}
