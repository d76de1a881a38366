package dev.textback.example.crm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.TextBack;
import dev.textback.jdbc.JdbcTextBackStore;
import dev.textback.spi.TextBackStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The example CRM starts with its application.yml, Twilio credentials and an in-memory H2 database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef",
    "TWILIO_AUTH_TOKEN=0123456789abcdef0123456789abcdef",
    "DATABASE_URL=jdbc:h2:mem:crm;DB_CLOSE_DELAY=-1",
    "CRM_WEBHOOK_URL=http://localhost:9/crm/textback-replies"})
class CrmApplicationTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort
  int port;
  @Autowired
  TextBack engine;
  @Autowired
  TextBackStore store;

  @Test
  void starts_with_the_business_of_its_configuration_on_a_database() {
    assertThat(engine.businesses().byId("acme-plumbing")).isPresent();
    assertThat(store).isInstanceOf(JdbcTextBackStore.class);
  }

  @Test
  void reports_textback_up_in_its_health() throws Exception {
    JsonNode health = new ObjectMapper().readTree(get("/actuator/health").body());

    assertThat(health.path("components").path("textback").path("status").asText()).isEqualTo("UP");
  }

  @Test
  void refuses_unsigned_twilio_webhooks_and_unsigned_replies() throws Exception {
    assertThat(post("/webhooks/twilio/voice").statusCode()).isEqualTo(403);
    assertThat(post("/crm/textback-replies").statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("CallSid=CA1&From=%2B12015550123")).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
