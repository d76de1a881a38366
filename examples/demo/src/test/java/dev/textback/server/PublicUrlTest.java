package dev.textback.server;

import dev.textback.demo.TwilioSimulator;
import dev.textback.demo.Demo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Without TEXTBACK_PUBLIC_URL the URL a carrier signed is rebuilt from the request's Host header, path and
 * query exactly as sent; X-Forwarded-* headers are not believed (anyone can send them), so a proxy that
 * changes the scheme or host needs TEXTBACK_PUBLIC_URL.
 */
class PublicUrlTest {
  private RunningServer running;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws Exception {
    running = RunningServer.start();
  }

  @AfterEach
  void stop() {
    running.close();
  }

  private int post(String signedUrl, String... extraHeaders) throws Exception {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("CallSid", "CA0123456789abcdef0123456789abcdef");
    params.put("AccountSid", running.carrier.accountSid());
    params.put("From", "+17205550142");
    params.put("To", RunningServer.LINE);
    params.put("CallStatus", "ringing");
    params.put("Direction", "inbound");
    String body = params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(running.base() + "/webhooks/twilio/voice?lang=en%2DUS"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", TwilioSimulator.sign(running.carrier.authToken(), signedUrl, params))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < extraHeaders.length; i += 2) b.header(extraHeaders[i], extraHeaders[i + 1]);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void the_signed_url_is_host_header_path_and_raw_query_as_sent() throws Exception {
    assertThat(post(running.base() + "/webhooks/twilio/voice?lang=en%2DUS")).isEqualTo(200);
  }

  @Test
  void forwarded_headers_do_not_change_the_url_that_must_be_signed() throws Exception {
    String proxied = "https://textback.example.com/webhooks/twilio/voice?lang=en%2DUS";
    String[] forwarded = {"X-Forwarded-Proto", "https", "X-Forwarded-Host", "textback.example.com",
        "Forwarded", "proto=https;host=textback.example.com"};

    assertThat(post(proxied, forwarded)).isEqualTo(403);
    assertThat(post(running.base() + "/webhooks/twilio/voice?lang=en%2DUS", forwarded)).isEqualTo(200);
  }
}
