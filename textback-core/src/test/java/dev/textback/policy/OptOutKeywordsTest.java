package dev.textback.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole-message keywords: the carriers' standard lists (Twilio's defaults, the FCC's "per se reasonable"
 * words) under the normalisation in the compliance notes §2.1.
 */
class OptOutKeywordsTest {
  private final OptOutKeywords keywords = OptOutKeywords.defaults();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "STOP|stop", "stop|stop", "sToP|stop", "Stop!|stop", "'  stop  '|stop", "STOP.|stop",
      "\"Stop\"|stop", "STOP 🛑|stop", "STOPALL|stopall", "STOP ALL|stopall", "stop   all|stopall",
      "UNSUBSCRIBE|unsubscribe", "Unsubscribe.|unsubscribe", "UNSUB|unsub", "CANCEL|cancel", "END|end",
      "QUIT|quit", "REVOKE|revoke", "OPTOUT|optout", "OPT OUT|optout", "OPT-OUT|optout", "opt-out!|optout",
      "ＳＴＯＰ|stop", "STOP STOP|stop", "cancel. stop|cancel"})
  void opt_out_keywords_match_the_whole_message(String body, String keyword) {
    assertThat(keywords.classify(body, false)).isEqualTo(new KeywordMatch(KeywordIntent.OPT_OUT, keyword, false));
  }

  @ParameterizedTest
  @CsvSource({"START, start", "start, start", "Unstop, unstop", "UNSTOP!, unstop"})
  void start_and_unstop_opt_in(String body, String keyword) {
    KeywordMatch expected = new KeywordMatch(KeywordIntent.OPT_IN, keyword, false);

    assertThat(keywords.classify(body, true)).isEqualTo(expected);
    assertThat(keywords.classify(body, false)).isEqualTo(expected);
  }

  @Test
  void start_after_stop_opts_back_in() {
    assertThat(keywords.classify("STOP", false).intent()).isEqualTo(KeywordIntent.OPT_OUT);
    assertThat(keywords.classify("Start", true).intent()).isEqualTo(KeywordIntent.OPT_IN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"YES", "yes", "Yes!"})
  void yes_opts_in_only_after_an_opt_out(String body) {
    assertThat(keywords.classify(body, true)).isEqualTo(new KeywordMatch(KeywordIntent.OPT_IN, "yes", false));
    assertThat(keywords.classify(body, false)).isEqualTo(KeywordMatch.NONE);
  }

  @ParameterizedTest
  @CsvSource({"HELP, help", "help, help", "Help?, help", "INFO, info", "info., info"})
  void help_and_info_ask_for_help(String body, String keyword) {
    assertThat(keywords.classify(body, false)).isEqualTo(new KeywordMatch(KeywordIntent.HELP, keyword, false));
    assertThat(keywords.classify(body, true).intent()).isEqualTo(KeywordIntent.HELP);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "!!!", "🙂", "stopping", "stops", "helpful", "I need help with my AC",
      "Can you come at 3?", "start time?", "I'd like more info on pricing", "The end of the pipe is leaking"})
  void ordinary_messages_are_none(String body) {
    assertThat(keywords.classify(body, false)).isEqualTo(KeywordMatch.NONE);
  }

  @Test
  void trailing_newlines_and_tabs_still_match() {
    assertThat(keywords.classify("stop\n", false).intent()).isEqualTo(KeywordIntent.OPT_OUT);
    assertThat(keywords.classify("\tSTOP\r\n", false).intent()).isEqualTo(KeywordIntent.OPT_OUT);
  }

  @Test
  void null_body_is_none() {
    assertThat(keywords.classify(null, true)).isEqualTo(KeywordMatch.NONE);
  }
}
