package dev.textback.plivo;

import static dev.textback.plivo.PlivoFixtures.AUTH_ID;
import static dev.textback.plivo.PlivoFixtures.AUTH_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.textback.phone.PhoneNumber;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the gateway sends to the Send Message API, and what it makes of Plivo's answer. */
class PlivoSmsGatewayTest {
  static final String MESSAGE_PATH = "/v1/Account/" + AUTH_ID + "/Message/";

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static MockResponse queued() {
    return new MockResponse(202, Headers.of("Content-Type", "application/json"),
        PlivoFixtures.resource("message-queued.json"));
  }

  static SendRequest text(String body) {
    return new SendRequest(PhoneNumber.of("+" + PlivoFixtures.BUSINESS), PhoneNumber.of("+" + PlivoFixtures.CALLER),
        body, "ob_1");
  }

  @Test
  void posts_json_from_the_dialled_number_with_basic_auth_and_reads_the_message_uuid() throws Exception {
    server.enqueue(queued());
    PlivoSmsGateway gateway = PlivoSmsGateway.create(config().build());

    SendReceipt receipt = gateway.send(text("Sorry we missed you – Joe's \"Plumbing\" & <Heating>"));

    assertThat(receipt).isEqualTo(new SendReceipt("db3ce55a-7f1d-11e1-8ea7-1231380bc196", 0, "queued"));
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo(MESSAGE_PATH);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo(basic(AUTH_ID + ":" + AUTH_TOKEN));
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(json(request)).containsExactly(
        Map.entry("src", PlivoFixtures.BUSINESS),
        Map.entry("dst", PlivoFixtures.CALLER),
        Map.entry("text", "Sorry we missed you – Joe's \"Plumbing\" & <Heating>"));
    gateway.close();
  }

  @Test
  void names_the_status_callback_from_the_public_base_url_or_the_configured_one() throws Exception {
    server.enqueue(queued());
    server.enqueue(queued());
    PlivoConfig withPublicUrl = config().publicBaseUrl("https://textback.example.com").build();
    PlivoSmsGateway gateway = PlivoSmsGateway.create(withPublicUrl);
    PlivoSmsGateway ownCallback = PlivoSmsGateway.create(withPublicUrl.toBuilder()
        .smsStatusCallbackUrl("https://hooks.example.com/dlr?tenant=7").build());

    gateway.send(text("Hi"));
    ownCallback.send(text("Hi"));

    assertThat(json(server.takeRequest(5, TimeUnit.SECONDS)))
        .containsEntry("url", "https://textback.example.com/webhooks/plivo/sms/status")
        .containsEntry("method", "POST");
    assertThat(json(server.takeRequest(5, TimeUnit.SECONDS)))
        .containsEntry("url", "https://hooks.example.com/dlr?tenant=7");
    gateway.close();
    ownCallback.close();
  }

  @Test
  void sends_through_the_users_client() throws Exception {
    server.enqueue(queued());
    OkHttpClient users = new OkHttpClient.Builder()
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("X-Tenant", "acme").build()))
        .build();

    PlivoSmsGateway.create(config().build(), users).send(text("Hi"));

    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("X-Tenant")).isEqualTo("acme");
  }

  PlivoConfig.Builder config() {
    return PlivoFixtures.config().apiBaseUrl(server.url("/").toString());
  }

  /** The top-level string fields of a JSON request body, in order (read independently of the gateway). */
  static Map<String, String> json(RecordedRequest request) {
    Map<String, String> out = new LinkedHashMap<>();
    try (JsonParser p = new JsonFactory().createParser(request.getBody().utf8())) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new AssertionError("not a JSON object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        out.put(name, p.getText());
        p.skipChildren();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static String basic(String userAndPassword) {
    return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }
}
