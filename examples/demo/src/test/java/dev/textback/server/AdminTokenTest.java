package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin token is a secret compared exactly; the auth scheme name is case-insensitive (RFC 9110, 11.1). */
class AdminTokenTest {
  private static final String MIXED_CASE_TOKEN = "Adm1n-Secret-Token";
  private RunningServer running;

  @BeforeEach
  void start() throws Exception {
    running = RunningServer.start(Map.of("TEXTBACK_ADMIN_TOKEN", MIXED_CASE_TOKEN));
  }

  @AfterEach
  void stop() {
    running.close();
  }

  private static String get(String authorization) {
    return "GET /api/businesses HTTP/1.1\r\nHost: h\r\nAuthorization: " + authorization + "\r\n\r\n";
  }

  private static String status(String response) {
    return response.substring(0, response.indexOf("\r\n"));
  }

  @Test
  void a_token_differing_in_case_is_refused_also_after_the_right_one_on_the_same_connection() throws Exception {
    try (Socket s = new Socket()) {
      s.setSoTimeout(10_000);
      s.connect(new InetSocketAddress(running.host(), running.port()), 5000);
      s.getOutputStream().write(get("Bearer " + MIXED_CASE_TOKEN).getBytes(StandardCharsets.US_ASCII));
      String right = RawHttp.readResponse(s.getInputStream());
      s.getOutputStream().write(get("Bearer " + MIXED_CASE_TOKEN.toLowerCase(Locale.ROOT))
          .getBytes(StandardCharsets.US_ASCII));
      String wrongCase = RawHttp.readResponse(s.getInputStream());

      assertThat(status(right)).isEqualTo("HTTP/1.1 200 OK");
      assertThat(status(wrongCase)).isEqualTo("HTTP/1.1 401 Unauthorized");
    }
  }

  @Test
  void the_scheme_name_bearer_is_case_insensitive() throws Exception {
    assertThat(running.send("GET", "/api/businesses", "Authorization", "bearer " + MIXED_CASE_TOKEN).statusCode())
        .isEqualTo(200);
  }
}
