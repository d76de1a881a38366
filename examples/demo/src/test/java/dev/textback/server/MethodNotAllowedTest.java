package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A route asked with a method it does not take answers 405 and lists the methods it does take in
 * {@code Allow} (RFC 9110, 15.5.6); a path that is no route answers 404.
 */
class MethodNotAllowedTest {
  private RunningServer running;

  @BeforeEach
  void start() throws Exception {
    running = RunningServer.start();
  }

  @AfterEach
  void stop() {
    running.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "POST, /dashboard/", "PUT, /dashboard/", "DELETE, /dashboard/", "TRACE, /dashboard/",
      "POST, /dashboard/app.js", "PUT, /dashboard/style.css", "DELETE, /dashboard/index.html",
      "TRACE, /dashboard/app.js", "POST, /dashboard", "DELETE, /", "POST, /healthz", "TRACE, /healthz"})
  void the_dashboard_and_health_check_take_only_get_and_head(String method, String path) throws Exception {
    HttpResponse<String> response = running.send(method, path);

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().allValues("Allow")).containsExactly("GET, HEAD");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "POST, /api/stats, 'GET, HEAD'", "DELETE, /api/stats/daily, 'GET, HEAD'", "PUT, /api/businesses, 'GET, HEAD'",
      "POST, /api/conversations, 'GET, HEAD'", "POST, /api/features, 'GET, HEAD'",
      "GET, /api/conversations/c123/reply, POST", "DELETE, /api/conversations/c123/handled, POST",
      "GET, /api/simulate/missed-call, POST"})
  void an_api_route_asked_with_the_wrong_method_answers_405_with_its_methods(String method, String path,
      String allow) throws Exception {
    HttpResponse<String> response = running.admin(method, path);

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().allValues("Allow")).containsExactly(allow);
    assertThat(response.body()).contains("\"error\"");
  }

  @Test
  void a_path_that_is_no_route_is_still_404() throws Exception {
    assertThat(running.admin("GET", "/api/no-such-thing").statusCode()).isEqualTo(404);
    assertThat(running.admin("POST", "/api/conversations/c123/archive").statusCode()).isEqualTo(404);
    assertThat(running.send("GET", "/dashboard/missing.js").statusCode()).isEqualTo(404);
  }

  @Test
  void the_api_asks_for_the_token_before_it_says_anything_about_methods() throws Exception {
    assertThat(running.send("POST", "/api/stats").statusCode()).isEqualTo(401);
  }

  @Test
  void head_of_the_dashboard_answers_like_get_without_a_body() throws Exception {
    HttpResponse<String> head = running.send("HEAD", "/dashboard/");

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(head.body()).isEmpty();
  }
}
