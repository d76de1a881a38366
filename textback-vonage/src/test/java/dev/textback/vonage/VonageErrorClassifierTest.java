package dev.textback.vonage;

import static dev.textback.vonage.VonageFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.carrier.CarrierError;
import dev.textback.message.PermanentFailureReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Vonage's error bodies and code tables, each code space on its own. */
class VonageErrorClassifierTest {
  @Test
  void reads_the_code_from_the_fragment_of_an_rfc_7807_type() {
    CarrierError rate = VonageErrorClassifier.read(resource("error-429.json"));
    CarrierError auth = VonageErrorClassifier.read(resource("error-401.json"));

    assertThat(rate.code()).isEqualTo("1010");
    assertThat(rate.message()).isEqualTo("Rate Limit Hit – Please wait, then retry your request");
    assertThat(auth.code()).isEqualTo("unathorized");
    assertThat(VonageErrorClassifier.MESSAGES.permanentReason(auth.code())).contains(PermanentFailureReason.AUTH);
  }

  @Test
  void reads_the_sms_apis_error_code_body_and_nothing_from_a_proxys_page() {
    CarrierError sms = VonageErrorClassifier.read("{\"error-code\":\"401\",\"error-code-label\":\"Unauthorized\"}");

    assertThat(sms.code()).isEqualTo("401");
    assertThat(sms.message()).isEqualTo("Unauthorized");
    assertThat(VonageErrorClassifier.read("<html>Bad Gateway</html>")).isEqualTo(CarrierError.none());
  }

  @Test
  void keeps_the_three_code_spaces_apart_where_their_numbers_overlap() {
    // 9 is "no credit" when sending through the SMS API, and "opted out" in a delivery receipt.
    assertThat(VonageErrorClassifier.SMS_STATUS.isMisconfiguration("9")).isTrue();
    assertThat(VonageErrorClassifier.dlrReason("9")).contains(PermanentFailureReason.OPTED_OUT);
    assertThat(VonageErrorClassifier.messagesReason("1240")).contains(PermanentFailureReason.OPTED_OUT);
    assertThat(VonageErrorClassifier.SMS_STATUS.isRetriable("1")).isTrue();
    assertThat(VonageErrorClassifier.SMS_STATUS.permanentReason("4")).contains(PermanentFailureReason.AUTH);
  }

  @Test
  void reads_the_throttle_wait_in_milliseconds_with_a_floor_of_one_second() {
    assertThat(VonageSmsGateway.pleaseWait("Throughput Rate Exceeded - please wait [ 978 ] and retry"))
        .contains(Duration.ofSeconds(1));
    assertThat(VonageSmsGateway.pleaseWait("Throughput Rate Exceeded - please wait [ 2500 ] and retry"))
        .contains(Duration.ofMillis(2500));
    assertThat(VonageSmsGateway.pleaseWait("Missing to param")).isEmpty();
  }
}
