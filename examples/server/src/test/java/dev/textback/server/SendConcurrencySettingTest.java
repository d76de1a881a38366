package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TEXTBACK_SEND_CONCURRENCY: how many texts the server sends at once; a bad value stops start-up, named. */
class SendConcurrencySettingTest {
  private static Map<String, String> env(String sends) {
    Map<String, String> env = new HashMap<>();
    env.put("TEXTBACK_CONFIG", "businesses.json");
    if (sends != null) env.put("TEXTBACK_SEND_CONCURRENCY", sends);
    return env;
  }

  @Test
  void unset_or_blank_is_the_engines_default_of_four() {
    assertThat(Settings.sendConcurrency(Settings.from(env(null), new String[0]).env())).isEqualTo(4);
    assertThat(Settings.sendConcurrency(env(" "))).isEqualTo(4);
  }

  @Test
  void takes_a_whole_number_from_one_to_256() {
    assertThat(Settings.sendConcurrency(env("1"))).isEqualTo(1);
    assertThat(Settings.sendConcurrency(env(" 16 "))).isEqualTo(16);
    assertThat(Settings.sendConcurrency(env("256"))).isEqualTo(256);
  }

  @Test
  void refuses_zero_negative_too_large_and_non_numbers_at_start_up() {
    for (String bad : new String[] {"0", "-4", "257", "8 sends", "4.5", "99999999999"}) {
      assertThatThrownBy(() -> Settings.from(env(bad), new String[0]))
          .as(bad).isInstanceOf(ConfigException.class)
          .hasMessage("TEXTBACK_SEND_CONCURRENCY: must be a whole number from 1 to 256 (texts sent at once; default 4),"
              + " was '" + bad + "'");
    }
  }
}
