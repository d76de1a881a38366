package dev.textback.plivo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.carrier.CarrierError;
import dev.textback.message.PermanentFailureReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The code table from Plivo's message error codes (plivo.md §3.1) and its error body. */
class PlivoErrorClassifierTest {

  @ParameterizedTest
  @CsvSource({"10, OTHER", "30, BLOCKED", "40, AUTH", "50, INVALID_NUMBER", "70, INVALID_NUMBER", "100, BLOCKED",
      "110, OTHER", "200, OPTED_OUT", "201, BLOCKED"})
  void refuses_for_good_with_the_reason_the_code_stands_for(String code, PermanentFailureReason reason) {
    assertThat(PlivoErrorClassifier.CODES.permanentReason(code)).contains(reason);
    assertThat(PlivoErrorClassifier.CODES.isRetriable(code)).isFalse();
  }

  @Test
  void knows_only_the_codes_plivo_documents() {
    // 450 is in no Plivo table (plivo.md §3.1): an unknown code is refused for good as OTHER by core, not
    // given a reason here.
    assertThat(PlivoErrorClassifier.CODES.permanentReason("450")).isEmpty();
    assertThat(PlivoErrorClassifier.CODES.isRetriable("450")).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"20", "80", "420", "900"})
  void retries_temporary_codes(String code) {
    assertThat(PlivoErrorClassifier.CODES.isRetriable(code)).isTrue();
    assertThat(PlivoErrorClassifier.CODES.permanentReason(code)).isEmpty();
  }

  @Test
  void waits_long_only_for_an_account_out_of_credit() {
    assertThat(PlivoErrorClassifier.CODES.retryDelay("900")).contains(Duration.ofMinutes(15));
    assertThat(PlivoErrorClassifier.CODES.retryDelay("20")).isEmpty();
  }

  @Test
  void leaves_codes_it_does_not_know_unclassified() {
    assertThat(PlivoErrorClassifier.CODES.permanentReason("1000")).isEmpty();
    assertThat(PlivoErrorClassifier.CODES.isRetriable("1000")).isFalse();
  }

  @Test
  void reads_the_documented_sentences_and_tokens_as_codes() {
    assertThat(PlivoErrorClassifier.read("{\"api_id\":\"a1\",\"error\":\"19332631167 is not a valid phone number\"}"))
        .isEqualTo(new CarrierError("50", "19332631167 is not a valid phone number", "api_id a1"));
    assertThat(PlivoErrorClassifier.read("{\"error\":\"19003356789 is not an SMS enabled phone number\"}").code())
        .isEqualTo("50");
    assertThat(PlivoErrorClassifier.read("{\"error\":\"Insufficient Credit\",\"api_id\":\"a2\"}").code())
        .isEqualTo("900");
    assertThat(PlivoErrorClassifier.read("{\"api_id\":\"a3\",\"error\":\"rate_limit_exceeded\"}").code())
        .isEqualTo("rate_limit_exceeded");
    assertThat(PlivoErrorClassifier.read("{\"api_id\":\"a4\",\"error\":\"Something else went wrong\"}").code())
        .isNull();
  }

  @Test
  void reads_nothing_from_a_body_that_is_not_plivos() {
    assertThat(PlivoErrorClassifier.read("<html>Bad Gateway</html>")).isEqualTo(CarrierError.none());
    assertThat(PlivoErrorClassifier.read("[1,2]")).isEqualTo(CarrierError.none());
    assertThat(PlivoErrorClassifier.read("{\"api_id\":\"a5\"}")).isEqualTo(CarrierError.none());
    assertThat(PlivoErrorClassifier.read("{\"error\":{\"dst\":\"required\"},\"api_id\":\"a6\"}"))
        .isEqualTo(CarrierError.none());
  }
}
