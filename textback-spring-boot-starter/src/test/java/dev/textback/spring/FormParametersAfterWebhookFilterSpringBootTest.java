package dev.textback.spring;

import static dev.textback.spring.TwilioWebhooks.dialNoAnswer;
import static dev.textback.spring.TwilioWebhooks.postSigned;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.spring.app.TestApplication;
import jakarta.servlet.Filter;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * An application's own filter that runs after the webhook's body was read (request logging, tenant lookup by a form
 * field) still sees the form's parameters, from the body and from the query string, as it would without textback.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "textback.twilio.api-base-url=http://127.0.0.1:9/")
@ActiveProfiles("twilio")
@Import(FormParametersAfterWebhookFilterSpringBootTest.ReadingFilter.class)
class FormParametersAfterWebhookFilterSpringBootTest {
  @LocalServerPort
  int port;

  static final List<String> seen = new CopyOnWriteArrayList<>();

  @TestConfiguration
  static class ReadingFilter {
    @Bean
    FilterRegistrationBean<Filter> parameterReader() {
      Filter filter = (request, response, chain) -> {
        seen.add(request.getParameter("CallSid") + " " + request.getParameter("tenant") + " "
            + request.getParameterMap().containsKey("DialCallStatus") + " "
            + Arrays.toString(request.getParameterValues("From")));
        chain.doFilter(request, response);
      };
      FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
      registration.setOrder(0);
      return registration;
    }
  }

  @Test
  void a_later_filter_reads_the_webhook_form_parameters_and_the_webhook_is_still_accepted() throws Exception {
    String url = "http://localhost:" + port + "/webhooks/twilio/voice/dial?tenant=north";
    Map<String, String> call = dialNoAnswer("CA00000000000000000000000000000011", "+12015550111");

    HttpResponse<String> response = postSigned(url, call);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(seen).containsExactly("CA00000000000000000000000000000011 north true [+12015550111]");
  }
}
