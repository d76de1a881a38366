package dev.textback.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.webhook.MalformedWebhookException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublicUrlTest {

  @Test
  void takes_the_request_url_as_it_is_when_no_base_is_configured() {
    PublicUrl none = new PublicUrl(null);

    assertThat(none.base()).isEmpty();
    assertThat(none.resolve("http://10.0.0.7:8080/webhooks/plivo/answer?x=1"))
        .isEqualTo("http://10.0.0.7:8080/webhooks/plivo/answer?x=1");
  }

  @Test
  void puts_the_configured_base_in_front_of_the_requests_path_and_query() {
    PublicUrl behindProxy = new PublicUrl("https://public.example.com:8443/app/");

    assertThat(behindProxy.base()).contains("https://public.example.com:8443/app");
    assertThat(behindProxy.resolve("http://10.0.0.7:8080/webhooks/plivo/dial/?x=1#ct=2000"))
        .isEqualTo("https://public.example.com:8443/app/webhooks/plivo/dial/?x=1#ct=2000");
  }

  @Test
  void applies_a_base_with_a_path_prefix_once() {
    PublicUrl behindProxy = new PublicUrl("https://ex.com/textback");

    assertThat(behindProxy.resolve("https://ex.com/textback/webhooks/twilio/sms"))
        .isEqualTo("https://ex.com/textback/webhooks/twilio/sms");
    assertThat(behindProxy.resolve("https://ex.com/textback?x=1")).isEqualTo("https://ex.com/textback?x=1");
  }

  @Test
  void takes_urls_apart_keeping_port_and_trailing_slash() {
    String url = "https://u:p@ex.com:8443/answer/?b=2&a=x+y%26z#rt=5000";

    assertThat(PublicUrl.withoutFragment(url)).isEqualTo("https://u:p@ex.com:8443/answer/?b=2&a=x+y%26z");
    assertThat(PublicUrl.withoutQuery(url)).isEqualTo("https://u:p@ex.com:8443/answer/");
    assertThat(PublicUrl.rawQuery(url)).isEqualTo("b=2&a=x+y%26z");
    assertThat(PublicUrl.queryParameters(url)).containsExactly(Map.entry("b", List.of("2")),
        Map.entry("a", List.of("x y&z")));
    assertThat(PublicUrl.withoutUserInfo(url)).isEqualTo("https://ex.com:8443/answer/?b=2&a=x+y%26z#rt=5000");
    assertThat(PublicUrl.queryParameters("https://ex.com/answer")).isEmpty();
    assertThat(PublicUrl.withoutQuery("https://ex.com/a#x?y=1")).isEqualTo("https://ex.com/a");
  }

  @Test
  void refuses_a_query_with_a_broken_escape() {
    assertThatThrownBy(() -> PublicUrl.queryParameters("https://ex.com/a?x=%zz"))
        .isInstanceOf(MalformedWebhookException.class);
  }

  @Test
  void lists_the_port_and_user_info_spellings_of_a_url_starting_with_the_url_itself() {
    assertThat(PublicUrl.portAndUserInfoVariants("https://ex.com/a")).containsExactly(
        "https://ex.com/a", "https://ex.com:443/a");
    assertThat(PublicUrl.portAndUserInfoVariants("http://localhost:8080/a?x=1")).containsExactly(
        "http://localhost:8080/a?x=1", "http://localhost/a?x=1");
    assertThat(PublicUrl.portAndUserInfoVariants("https://u:p@ex.com/a")).containsExactly(
        "https://u:p@ex.com/a", "https://u:p@ex.com:443/a", "https://ex.com/a", "https://ex.com:443/a");
    assertThat(PublicUrl.portAndUserInfoVariants("https://[::1]:9000/a")).containsExactly(
        "https://[::1]:9000/a", "https://[::1]/a");
    assertThat(PublicUrl.portAndUserInfoVariants("not a url")).containsExactly("not a url");
  }
}
