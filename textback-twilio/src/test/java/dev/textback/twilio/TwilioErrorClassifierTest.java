package dev.textback.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.message.PermanentFailureReason;
import dev.textback.spi.PermanentSendException;
import dev.textback.spi.RetriableSendException;
import dev.textback.spi.SendException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The code table from Twilio's error docs (twilio.md §4.4). */
class TwilioErrorClassifierTest {

  @ParameterizedTest
  @CsvSource({
      "400, 21610, OPTED_OUT",
      "400, 21614, NOT_MOBILE",
      "400, 21635, NOT_MOBILE",
      "400, 21211, INVALID_NUMBER",
      "400, 21408, AUTH",
      "400, 21606, AUTH",
      "400, 21608, AUTH",
      "401, 20003, AUTH",
      "400, 21612, OTHER",
      "400, 21604, OTHER"})
  void refuses_for_good_with_the_reason_the_code_stands_for(int status, int code, PermanentFailureReason reason) {
    SendException e = TwilioErrorClassifier.classify(status, body(code, status), null, null);

    assertThat(e).isInstanceOfSatisfying(PermanentSendException.class, p -> assertThat(p.reason()).isEqualTo(reason));
    assertThat(e.carrierCode()).contains(Integer.toString(code));
  }

  @Test
  void treats_credentials_refused_without_a_twilio_body_as_auth() {
    SendException e = TwilioErrorClassifier.classify(403, "Forbidden", null, null);

    assertThat(e).isInstanceOfSatisfying(PermanentSendException.class,
        p -> assertThat(p.reason()).isEqualTo(PermanentFailureReason.AUTH));
  }

  @Test
  void retries_what_twilio_did_not_process() {
    SendException tooMany = TwilioErrorClassifier.classify(429, body(20429, 429), "2", null);
    SendException queueFull = TwilioErrorClassifier.classify(400, body(21611, 400), null, null);

    assertThat(tooMany).isInstanceOfSatisfying(RetriableSendException.class, r -> {
      assertThat(r.retryAfter()).contains(Duration.ofSeconds(2));
      assertThat(r.mayHaveBeenAccepted()).isFalse();
    });
    assertThat(queueFull).isInstanceOfSatisfying(RetriableSendException.class,
        r -> assertThat(r.mayHaveBeenAccepted()).isFalse());
  }

  @Test
  void keeps_the_text_when_the_api_url_or_account_is_wrong() {
    SendException missingAccount = TwilioErrorClassifier.classify(404, body(20404, 404), null, null);
    SendException wrongPath = TwilioErrorClassifier.classify(404, "<html>Not Found</html>", null, null);
    SendException redirected = TwilioErrorClassifier.classify(301, "", null, null);

    assertThat(List.of(missingAccount, wrongPath, redirected)).allSatisfy(e ->
        assertThat(e).isInstanceOfSatisfying(RetriableSendException.class,
            r -> assertThat(r.mayHaveBeenAccepted()).isFalse()));
  }

  @Test
  void names_what_a_failed_deliverys_code_means_for_the_number() {
    assertThat(TwilioErrorClassifier.permanentReason("30006")).contains(PermanentFailureReason.NOT_MOBILE);
    assertThat(TwilioErrorClassifier.permanentReason("30005")).contains(PermanentFailureReason.INVALID_NUMBER);
    assertThat(TwilioErrorClassifier.permanentReason("30007")).contains(PermanentFailureReason.BLOCKED);
    assertThat(TwilioErrorClassifier.permanentReason("30003")).isEmpty();
    assertThat(TwilioErrorClassifier.permanentReason("n/a")).isEmpty();
  }

  private static String body(int code, int status) {
    return "{\"code\": " + code + ", \"message\": \"x\", \"more_info\": \"https://www.twilio.com/docs/errors/" + code
        + "\", \"status\": " + status + "}";
  }
}
