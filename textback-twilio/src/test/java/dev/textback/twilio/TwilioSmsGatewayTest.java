package dev.textback.twilio;

import static dev.textback.twilio.TwilioFixtures.ACCOUNT_SID;
import static dev.textback.twilio.TwilioFixtures.AUTH_TOKEN;
import static dev.textback.twilio.TwilioFixtures.BUSINESS;
import static dev.textback.twilio.TwilioFixtures.CALLER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.phone.PhoneNumber;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
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

/** What the gateway sends to the Messages API, and what it makes of Twilio's answer. */
class TwilioSmsGatewayTest {
  static final String API_KEY_SID = "SK0123456789abcdef0123456789abcdef";
  static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static MockResponse created() {
    return new MockResponse(201, Headers.of("Content-Type", "application/json",
        "Twilio-Request-Id", "RQ0123456789abcdef0123456789abcdef"), TwilioFixtures.resource("message-created.json"));
  }

  static SendRequest text(String body) {
    return new SendRequest(PhoneNumber.of(BUSINESS), PhoneNumber.of(CALLER), body, "ob_1");
  }

  @Test
  void posts_a_form_from_the_dialled_number_with_basic_auth() throws Exception {
    server.enqueue(created());
    TwilioSmsGateway gateway = TwilioSmsGateway.create(config().build());

    SendReceipt receipt = gateway.send(text("Sorry we missed you – Joe's Plumbing & Heating"));

    assertThat(receipt).isEqualTo(new SendReceipt("SM99999999999999999999999999999999", 1, "queued"));
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo(MESSAGES_PATH);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo(basic(ACCOUNT_SID + ":" + AUTH_TOKEN));
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(form(request)).containsExactly(
        Map.entry("To", List.of(CALLER)),
        Map.entry("From", List.of(BUSINESS)),
        Map.entry("Body", List.of("Sorry we missed you – Joe's Plumbing & Heating")));
    gateway.close();
  }

  @Test
  void uses_the_api_key_the_messaging_service_and_the_status_callback() throws Exception {
    server.enqueue(created());
    server.enqueue(created());
    TwilioConfig withPublicUrl = config()
        .apiKey(API_KEY_SID, "key-secret")
        .messagingServiceSid("MG0123456789abcdef0123456789abcdef")
        .publicBaseUrl("https://textback.example.com")
        .build();
    TwilioSmsGateway gateway = TwilioSmsGateway.create(withPublicUrl);
    TwilioSmsGateway ownCallback = TwilioSmsGateway.create(withPublicUrl.toBuilder()
        .smsStatusCallbackUrl("https://hooks.example.com/dlr?tenant=7").build());

    gateway.send(text("Hi"));
    ownCallback.send(text("Hi"));

    RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(first.getUrl().encodedPath()).isEqualTo(MESSAGES_PATH);
    assertThat(first.getHeaders().get("Authorization")).isEqualTo(basic(API_KEY_SID + ":key-secret"));
    assertThat(form(first))
        .containsEntry("From", List.of(BUSINESS))
        .containsEntry("MessagingServiceSid", List.of("MG0123456789abcdef0123456789abcdef"))
        .containsEntry("StatusCallback",
            List.of("https://textback.example.com/webhooks/twilio/sms/status#rc=2&rp=5xx,ct,rt"));
    assertThat(form(server.takeRequest(5, TimeUnit.SECONDS)))
        .containsEntry("StatusCallback", List.of("https://hooks.example.com/dlr?tenant=7"));
    gateway.close();
    ownCallback.close();
  }

  @Test
  void sends_through_the_users_client() throws Exception {
    server.enqueue(created());
    OkHttpClient users = new OkHttpClient.Builder()
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("X-Tenant", "acme").build()))
        .build();

    TwilioSmsGateway.create(config().build(), users).send(text("Hi"));

    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("X-Tenant")).isEqualTo("acme");
  }

  TwilioConfig.Builder config() {
    return TwilioFixtures.config().apiBaseUrl(server.url("/").toString());
  }

  static Map<String, List<String>> form(RecordedRequest request) {
    return WebhookRequest.parseForm(request.getBody().utf8());
  }

  static String basic(String userAndPassword) {
    return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }
}
