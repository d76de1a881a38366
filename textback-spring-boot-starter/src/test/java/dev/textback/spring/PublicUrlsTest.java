package dev.textback.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The URL a carrier signed, rebuilt from what a proxy forwards. */
class PublicUrlsTest {

  private static MockHttpServletRequest local() {
    MockHttpServletRequest r = new MockHttpServletRequest("POST", "/webhooks/twilio/voice/dial");
    r.setScheme("http");
    r.setServerName("10.0.0.5");
    r.setServerPort(8080);
    r.setQueryString("rc=2&rp=5xx");
    return r;
  }

  @Test
  void uses_the_request_itself_without_a_proxy() {
    assertThat(PublicUrls.of(local(), null, true)).isEqualTo("http://10.0.0.5:8080/webhooks/twilio/voice/dial?rc=2&rp=5xx");
  }

  @Test
  void takes_scheme_and_host_from_x_forwarded_headers_and_drops_the_default_port() {
    MockHttpServletRequest r = local();
    r.addHeader("X-Forwarded-Proto", "https");
    r.addHeader("X-Forwarded-Host", "crm.example.com, 10.0.0.2");

    assertThat(PublicUrls.of(r, null, true)).isEqualTo("https://crm.example.com/webhooks/twilio/voice/dial?rc=2&rp=5xx");
  }

  @Test
  void takes_scheme_and_host_from_an_rfc_7239_forwarded_header() {
    MockHttpServletRequest r = local();
    r.addHeader("Forwarded", "for=192.0.2.60;proto=https;host=\"crm.example.com:8443\", for=10.0.0.2");

    assertThat(PublicUrls.of(r, null, true))
        .isEqualTo("https://crm.example.com:8443/webhooks/twilio/voice/dial?rc=2&rp=5xx");
  }

  @Test
  void adds_a_forwarded_prefix() {
    MockHttpServletRequest r = local();
    r.addHeader("X-Forwarded-Proto", "https");
    r.addHeader("X-Forwarded-Host", "example.com");
    r.addHeader("X-Forwarded-Prefix", "/crm/");

    assertThat(PublicUrls.of(r, null, true)).isEqualTo("https://example.com/crm/webhooks/twilio/voice/dial?rc=2&rp=5xx");
  }

  @Test
  void ignores_forwarded_headers_when_not_trusted() {
    MockHttpServletRequest r = local();
    r.addHeader("X-Forwarded-Host", "evil.example.net");

    assertThat(PublicUrls.of(r, null, false)).isEqualTo("http://10.0.0.5:8080/webhooks/twilio/voice/dial?rc=2&rp=5xx");
  }

  @Test
  void a_configured_public_base_url_wins_and_keeps_the_path_within_the_application() {
    MockHttpServletRequest r = new MockHttpServletRequest("POST", "/app/webhooks/twilio/sms");
    r.setContextPath("/app");
    r.addHeader("X-Forwarded-Host", "ignored.example.com");

    assertThat(PublicUrls.of(r, "https://crm.example.com/", true)).isEqualTo("https://crm.example.com/webhooks/twilio/sms");
  }
}
