package dev.textback.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.spi.SendReceipt;
import org.junit.jupiter.api.Test;

/** Reading the sid, segment count and status out of the Messages API's answer, whatever else it holds. */
class TwilioSendAnswerTest {

  @Test
  void reads_sid_segments_and_status_from_the_documented_answer() {
    assertThat(TwilioSmsGateway.receipt(TwilioFixtures.resource("message-created.json")))
        .contains(new SendReceipt("SM99999999999999999999999999999999", 1, "queued"));
  }

  @Test
  void skips_nested_objects_and_arrays_whatever_fields_they_hold() {
    String json = "{\"subresource_uris\":{\"sid\":\"nested\",\"x\":[1,{\"status\":\"no\"}]},\"tags\":[\"a\"],"
        + "\"status\":\"accepted\",\"sid\":\"SM1\",\"num_segments\":\"3\"}";

    assertThat(TwilioSmsGateway.receipt(json)).contains(new SendReceipt("SM1", 3, "accepted"));
  }

  @Test
  void a_segment_count_that_is_a_number_absent_or_unreadable_reads_as_given_or_zero() {
    assertThat(TwilioSmsGateway.receipt("{\"sid\":\"SM1\",\"num_segments\":2}")).get()
        .extracting(SendReceipt::segments).isEqualTo(2);
    assertThat(TwilioSmsGateway.receipt("{\"sid\":\"SM1\"}")).get().extracting(SendReceipt::segments).isEqualTo(0);
    assertThat(TwilioSmsGateway.receipt("{\"sid\":\"SM1\",\"num_segments\":\"two\"}")).get()
        .extracting(SendReceipt::segments).isEqualTo(0);
  }

  @Test
  void an_answer_without_a_usable_sid_gives_no_receipt() {
    assertThat(TwilioSmsGateway.receipt("{\"status\":\"queued\"}")).isEmpty();
    assertThat(TwilioSmsGateway.receipt("{\"sid\":\"  \"}")).isEmpty();
    assertThat(TwilioSmsGateway.receipt("{\"sid\":{\"a\":1}}")).isEmpty();
    assertThat(TwilioSmsGateway.receipt("[\"SM1\"]")).isEmpty();
    assertThat(TwilioSmsGateway.receipt("not json")).isEmpty();
    assertThat(TwilioSmsGateway.receipt("{\"sid\":\"SM1\",")).isEmpty();
  }
}
