package dev.textback.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which texts tell the reader how to opt out. */
class OptOutWordingTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "Hi, this is {business}. Sorry we missed your call! Reply STOP to opt out.",
      "{business}: we missed you. STOP to opt out",
      "{business}: we missed you. Text END to stop these texts",
      "{business}: we missed you. reply stop to end",
      "{business}: we missed you. Reply UNSUBSCRIBE anytime",
      "{business}: we missed you. To opt-out, reply here",
      "{business}: we missed you. Opt out: QUIT",
      "{business}: lo sentimos. Responde STOP para no recibir más mensajes.",
      "{business}: we missed you (STOPALL to stop all texts)"})
  void finds_opt_out_wording(String text) {
    assertThat(OptOutWording.present(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Hi, this is {business}. Sorry we missed your call! Reply here and we'll get right back to you.",
      "{business}: stop by any time, we're open until 5",
      "{business}: need to cancel your visit? Just reply.",
      "{business}: we'll call you back by the end of the day",
      "{business}: STOPPED by? We missed you",
      ""})
  void finds_none_in_everyday_words(String text) {
    assertThat(OptOutWording.present(text)).isFalse();
  }
}
