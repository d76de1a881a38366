package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Header values are case-sensitive (a bearer token, an HMAC signature in base64): the front must hand the app each
 * request's own value, not one remembered from an earlier request on the same kept-alive connection.
 */
class HttpFrontHeaderCaseTest {
  private HttpFront front;

  @AfterEach
  void stop() {
    if (front != null) front.close();
  }

  private static String get(String header, String value) {
    return "GET /x HTTP/1.1\r\nHost: h\r\n" + header + ": " + value + "\r\n\r\n";
  }

  private List<String> twoOnOneConnection(String header, String first, String second) throws Exception {
    front = new HttpFront("127.0.0.1", 0, HttpFront.Limits.defaults(), List.of(), Map.of(),
        call -> HttpReply.text(200, "seen=" + call.header(header).orElse("-")));
    front.start();
    try (Socket s = new Socket()) {
      s.setSoTimeout(10_000);
      s.connect(new InetSocketAddress("127.0.0.1", front.port()), 5000);
      s.getOutputStream().write(get(header, first).getBytes(StandardCharsets.US_ASCII));
      String one = RawHttp.readResponse(s.getInputStream());
      s.getOutputStream().write(get(header, second).getBytes(StandardCharsets.US_ASCII));
      String two = RawHttp.readResponse(s.getInputStream());
      return List.of(one.substring(one.indexOf("seen=")), two.substring(two.indexOf("seen=")));
    }
  }

  @Test
  void a_second_authorization_that_differs_only_in_case_reaches_the_app_as_sent() throws Exception {
    List<String> seen = twoOnOneConnection("Authorization", "Bearer s3cret-Token", "Bearer S3CRET-TOKEN");

    assertThat(seen).containsExactly("seen=Bearer s3cret-Token", "seen=Bearer S3CRET-TOKEN");
  }

  @Test
  void a_second_signature_that_differs_only_in_case_reaches_the_app_as_sent() throws Exception {
    List<String> seen = twoOnOneConnection("X-Twilio-Signature", "abcDEF123+/=", "ABCdef123+/=");

    assertThat(seen).containsExactly("seen=abcDEF123+/=", "seen=ABCdef123+/=");
  }
}
