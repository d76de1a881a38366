package dev.textback.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Free-text opt-outs: consent may be revoked "by any reasonable means", not only by keyword. */
class OptOutPhrasesTest {
  private final OptOutKeywords keywords = OptOutKeywords.defaults();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Hey, can you stop texting me?|stop texting",
      "STOP TEXTING ME|stop texting",
      "Please unsubscribe me from this|unsubscribe me",
      "remove me from your list|remove me",
      "Don't text this number again|don't text",
      "Don’t text me|don't text",
      "dont text me pls|dont text",
      "Do not text me|do not text",
      "no more texts!!|no more texts",
      "stop messaging me|stop messaging",
      "Please opt me out|opt me out",
      "Please stop.|please stop",
      "please stop, I found someone else|please stop",
      "Stop please|stop please",
      "Sorry, wrong number|wrong number",
      "No más|no más",
      "ALTO|alto",
      "PARA|para",
      "Para.|para",
      "I want to unsubscribe|unsubscribe",
      "Please unsubscribe.|unsubscribe",
      "Hi. Stop please.|stop please",
      "Please opt out my number|opt out my",
      "How do I opt out of these?|opt out of these",
      "Revoke my consent|revoke my consent",
      "I revoke consent to these texts|revoke consent"})
  void phrases_opt_out_and_are_flagged(String body, String phrase) {
    assertThat(keywords.classify(body, false)).isEqualTo(new KeywordMatch(KeywordIntent.OPT_OUT, phrase, true));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Stop, please|stop",
      "STOP. Thank you|stop",
      "Stop, thanks|stop",
      "stop!! thank you!!|stop",
      "please STOP now|stop",
      "Thanks. End, please now|end",
      "Quit pls|quit"})
  void an_opt_out_keyword_with_nothing_but_courtesies_opts_out_and_is_flagged(String body, String keyword) {
    assertThat(keywords.classify(body, false)).isEqualTo(new KeywordMatch(KeywordIntent.OPT_OUT, keyword, true));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Hi. Stop, please.|stop",
      "Ok. Please, stop!|stop",
      "Guys, please, stop.|stop",
      "Stop, please. I found someone else|stop"})
  void a_sentence_of_an_opt_out_keyword_and_a_courtesy_opts_out_anywhere_in_a_message(String body, String keyword) {
    assertThat(keywords.classify(body, false)).isEqualTo(new KeywordMatch(KeywordIntent.OPT_OUT, keyword, true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Can you stop by tomorrow?", "The AC won't stop making noise", "Please stop by at 5",
      "Please stop the leak before Friday", "Stop by anytime after 3", "I want to cancel my appointment",
      "Is the end of the week ok?", "Remove the old heater too", "para mañana por favor",
      "Stop. Please come by at 5", "Thank you, see you then",
      // Everyday sentences that hold an opt-out word or phrase across a sentence break, or in another sense.
      "The dripping won't stop. Thank you", "When will the noise stop? Thanks", "Can you make it stop? Thanks!",
      "I need the leak to stop, please", "It won't stop. Please", "How do I opt out of the maintenance plan?",
      "Can I opt out of the extended warranty and just pay for the repair?", "Do I need to revoke the old permit?",
      "Can you come now please", "thanks, stop by at 5", "end of the week works",
      "Stop! Don't come, we fixed it ourselves", "Stop. Please come by at 5 instead"})
  void ordinary_sentences_are_not_phrases(String body) {
    assertThat(keywords.classify(body, false)).isEqualTo(KeywordMatch.NONE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Please stop\nMark", "Stop please\nSent from my Galaxy", "Please stop\r\n-- \r\nMark",
      "Thanks but please stop\u2028Mark", "please stop\n- Ana", "Please stop\n! I found someone else"})
  void a_signature_on_the_last_line_does_not_hide_an_opt_out_above_it(String body) {
    assertThat(keywords.classify(body, false).intent()).isEqualTo(KeywordIntent.OPT_OUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"STOP\nTexting me!!", "Do not\ntext me", "Leave me\nalone", "Wrong\nnumber",
      "Opt out\nof these texts"})
  void a_phrase_broken_over_two_lines_is_still_the_phrase(String body) {
    assertThat(keywords.classify(body, false).intent()).isEqualTo(KeywordIntent.OPT_OUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"The leak won't stop please\ncome quickly", "Can you please stop\nby tomorrow",
      "Stop by at 5\nMark", "The dripping won't stop\nThank you", "The leak won't stop\nThanks",
      "The leak won't stop\nPlease", "Cancel\nTuesday", "Cancel\nAppointment", "End\nFriday",
      "Stop\nTomorrow", "Cancel\nAppt.", "Quit\nSmoking"})
  void a_line_break_inside_a_message_makes_no_opt_out(String body) {
    assertThat(keywords.classify(body, false)).isEqualTo(KeywordMatch.NONE);
  }

  @Test
  void a_long_run_of_white_space_is_classified_in_linear_time_and_without_an_opt_out() {
    // Classified inside the caller's lock: a reassembled long text must not take quadratic time.
    String body = "Hello" + " ".repeat(200_000) + "\n" + " ".repeat(200_000) + "there";
    assertThat(keywords.classify(body, false)).isEqualTo(KeywordMatch.NONE);
  }

  @Test
  void phrases_can_be_turned_off_without_touching_keywords() {
    OptOutKeywords strict = OptOutKeywords.builder().phrases(false).build();

    assertThat(strict.classify("stop texting me", false)).isEqualTo(KeywordMatch.NONE);
    assertThat(strict.classify("ALTO", false)).isEqualTo(KeywordMatch.NONE);
    assertThat(strict.classify("STOP", false).intent()).isEqualTo(KeywordIntent.OPT_OUT);
  }

  @Test
  void added_phrases_match_as_whole_words_case_insensitively() {
    OptOutKeywords custom = OptOutKeywords.builder().addOptOutPhrases(List.of("Lose My Number")).build();

    assertThat(custom.classify("ok just lose my number!", false))
        .isEqualTo(new KeywordMatch(KeywordIntent.OPT_OUT, "lose my number", true));
    assertThat(custom.classify("you'll lose my numbers", false)).isEqualTo(KeywordMatch.NONE);
    assertThat(OptOutKeywords.defaults().classify("ok just lose my number!", false)).isEqualTo(KeywordMatch.NONE);
  }

  @Test
  void a_phrase_without_words_is_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OptOutKeywords.builder().addOptOutPhrases(List.of(" ?! ")));
  }
}
