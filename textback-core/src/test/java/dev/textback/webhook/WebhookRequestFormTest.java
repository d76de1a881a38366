package dev.textback.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A request's form parameters: decoded once however many readers ask, and safe to share between them. */
class WebhookRequestFormTest {
  private static final String URL = "https://example.com/twilio/voice";

  @Test
  void form_parameters_are_decoded_once_in_order_and_cannot_be_changed_by_a_reader() {
    WebhookRequest request = WebhookRequest.formPost(URL, Map.of(),
        "CallSid=CA1&From=%2B12125550123&Digits=1&Digits=2&Note=no+answer");

    Map<String, List<String>> first = request.formParameters();

    assertThat(first).containsExactly(
        Map.entry("CallSid", List.of("CA1")),
        Map.entry("From", List.of("+12125550123")),
        Map.entry("Digits", List.of("1", "2")),
        Map.entry("Note", List.of("no answer")));
    assertThat(request.formParameters()).as("the second reader gets the same decoding").isSameAs(first);
    assertThatThrownBy(() -> first.put("From", List.of("+19998887777")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> first.get("Digits").add("3")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void a_broken_form_fails_every_time_it_is_read() {
    WebhookRequest request = WebhookRequest.formPost(URL, Map.of(), "From=%2");

    assertThatThrownBy(request::formParameters).isInstanceOf(MalformedWebhookException.class);
    assertThatThrownBy(request::formParameters).isInstanceOf(MalformedWebhookException.class);
  }
}
