package dev.textback.spring;

import static dev.textback.spring.TwilioWebhooks.dialNoAnswer;
import static dev.textback.spring.TwilioWebhooks.postSigned;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.spring.app.TestApplication;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A filter that asks for a form's parameters before the webhook is handled (here Spring's hidden-method filter)
 * makes the servlet container read the body. The webhook still gets it, so a genuine signature is accepted rather
 * than checked against an empty body and refused for good.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.mvc.hiddenmethod.filter.enabled=true", "textback.twilio.api-base-url=http://127.0.0.1:9/"})
@ActiveProfiles("twilio")
class FormParametersReadFirstSpringBootTest {
  @LocalServerPort
  int port;

  @Test
  void a_signed_form_webhook_is_accepted_although_a_filter_read_its_parameters_first() throws Exception {
    String url = "http://localhost:" + port + "/webhooks/twilio/voice/dial";
    Map<String, String> call = dialNoAnswer("CA00000000000000000000000000000009", "+12015550199");

    HttpResponse<String> response = postSigned(url, call);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("<Response>");
  }
}
