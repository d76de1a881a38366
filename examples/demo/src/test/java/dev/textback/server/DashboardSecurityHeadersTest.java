package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The dashboard tells browsers to run only its own script and styles, never to frame it and never to guess
 * content types: a stored XSS that slipped past the escaping would still find no inline script to run.
 */
class DashboardSecurityHeadersTest {
  private RunningServer running;

  @BeforeEach
  void start() throws Exception {
    running = RunningServer.start();
  }

  @AfterEach
  void stop() {
    running.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/dashboard/", "/dashboard/index.html", "/dashboard/app.js", "/dashboard/style.css",
      "/dashboard", "/dashboard/missing.js"})
  void dashboard_responses_carry_a_content_security_policy_and_frame_and_sniffing_guards(String path)
      throws Exception {
    HttpResponse<String> response = running.send("GET", path);

    String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
    assertThat(csp).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
        "frame-ancestors 'none'", "base-uri 'none'");
    assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval", "*");
    assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
  }

  @Test
  void api_answers_are_not_sniffed_or_framed_either() throws Exception {
    HttpResponse<String> response = running.admin("GET", "/api/businesses");

    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
  }

  /** The policy forbids inline code, so the page must have none, or the browser would silently drop it. */
  @Test
  void the_dashboard_page_has_no_inline_script_style_or_event_handler_the_policy_would_block() throws Exception {
    String html;
    try (InputStream in = TextbackServer.class.getResourceAsStream("dashboard/index.html")) {
      html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(html).containsPattern("<script src=\"app\\.js\"></script>");
    assertThat(html).doesNotContainPattern("<script(?![^>]*\\ssrc=)");
    assertThat(html).doesNotContainPattern("<style");
    assertThat(html).doesNotContainPattern("\\sstyle=");
    assertThat(html).doesNotContainPattern("\\son[a-z]+=");
    assertThat(html).doesNotContainPattern("javascript:");
  }
}
