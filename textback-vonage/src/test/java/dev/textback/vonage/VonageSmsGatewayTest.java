package dev.textback.vonage;

import static dev.textback.vonage.VonageFixtures.API_KEY;
import static dev.textback.vonage.VonageFixtures.API_SECRET;
import static dev.textback.vonage.VonageFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.message.PermanentFailureReason;
import dev.textback.phone.PhoneNumber;
import dev.textback.spi.PermanentSendException;
import dev.textback.spi.RetriableSendException;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both send APIs against a fake Vonage: the request each makes, and what each answer becomes. */
class VonageSmsGatewayTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SendRequest TEXT = new SendRequest(PhoneNumber.of("+16105553939"),
      PhoneNumber.of("+14845552121"), "Sorry we missed your call. Reply & we'll call back.", "ob-42");
  private static final String BASIC = "Basic " + Base64.getEncoder()
      .encodeToString((API_KEY + ":" + API_SECRET).getBytes(StandardCharsets.UTF_8));

  private final MockWebServer vonage = new MockWebServer();
  private VonageSmsGateway gateway;

  @BeforeEach
  void start() throws Exception {
    vonage.start();
  }

  @AfterEach
  void stop() {
    if (gateway != null) gateway.close();
    vonage.close();
  }

  @Test
  void posts_the_text_to_the_messages_api_from_the_dialled_number_with_the_idempotency_key_as_client_ref()
      throws Exception {
    gateway = VonageSmsGateway.create(config().build());
    vonage.enqueue(accepted("aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"));

    SendReceipt receipt = gateway.send(TEXT);

    RecordedRequest sent = vonage.takeRequest(5, TimeUnit.SECONDS);
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/messages");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo(BASIC);
    assertThat(sent.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(json(sent)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "message_type", "text", "channel", "sms", "from", "16105553939", "to", "14845552121",
        "text", TEXT.body(), "client_ref", "ob-42"));
    assertThat(receipt.messageId()).isEqualTo("aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab");
  }

  @Test
  void authenticates_with_an_rs256_application_jwt_reused_across_sends_when_an_application_is_configured()
      throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    gateway = VonageSmsGateway.create(config().application("aaaaaaaa-bbbb-cccc-dddd-0123456789ab", pem).build());
    vonage.enqueue(accepted("11111111-bbbb-4ccc-8ddd-0123456789ab"));
    vonage.enqueue(accepted("22222222-bbbb-4ccc-8ddd-0123456789ab"));

    gateway.send(TEXT);
    gateway.send(TEXT);

    String first = bearer(vonage.takeRequest(5, TimeUnit.SECONDS));
    String second = bearer(vonage.takeRequest(5, TimeUnit.SECONDS));
    assertThat(second).isEqualTo(first);
    String[] parts = first.split("\\.");
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(keys.getPublic());
    rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).as("RS256 signature").isTrue();
    Map<?, ?> header = JSON.readValue(Base64.getUrlDecoder().decode(parts[0]), Map.class);
    Map<?, ?> claims = JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
    assertThat(header.get("alg")).isEqualTo("RS256");
    assertThat(claims.get("application_id")).isEqualTo("aaaaaaaa-bbbb-cccc-dddd-0123456789ab");
    assertThat(claims.get("jti")).isNotNull();
    assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue()).isEqualTo(900);
  }

  @Test
  void posts_a_form_to_the_sms_api_and_returns_the_first_parts_message_id() throws Exception {
    gateway = VonageSmsGateway.create(config().smsApi(VonageConfig.SmsApi.SMS).build());
    vonage.enqueue(new MockResponse(200, Headers.of("Content-Type", "application/json"), resource("sms-accepted.json")));

    SendReceipt receipt = gateway.send(TEXT);

    RecordedRequest sent = vonage.takeRequest(5, TimeUnit.SECONDS);
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/sms/json");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo(BASIC);
    assertThat(form(sent)).containsEntry("from", "16105553939").containsEntry("to", "14845552121")
        .containsEntry("text", TEXT.body()).containsEntry("type", "text").containsEntry("client-ref", "ob-42");
    assertThat(receipt.messageId()).isEqualTo("0C000000217B7F02");
    assertThat(receipt.segments()).isEqualTo(1);
  }

  @Test
  void marks_a_text_outside_gsm_7_as_unicode_for_the_sms_api() throws Exception {
    gateway = VonageSmsGateway.create(config().smsApi(VonageConfig.SmsApi.SMS).build());
    vonage.enqueue(new MockResponse(200, Headers.of("Content-Type", "application/json"), resource("sms-accepted.json")));

    gateway.send(new SendRequest(TEXT.from(), TEXT.to(), "Désolé 🙏", "ob-43"));

    assertThat(form(vonage.takeRequest(5, TimeUnit.SECONDS))).containsEntry("type", "unicode")
        .containsEntry("text", "Désolé 🙏");
  }

  @Test
  void retries_an_sms_api_throttle_after_the_wait_it_names_knowing_it_was_not_sent() {
    gateway = VonageSmsGateway.create(config().smsApi(VonageConfig.SmsApi.SMS).build());
    vonage.enqueue(new MockResponse(200, Headers.of("Content-Type", "application/json"), resource("sms-throttled.json")));

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, () -> gateway.send(TEXT));

    assertThat(e.mayHaveBeenAccepted()).isFalse();
    assertThat(e.carrierCode()).contains("1");
    // "please wait [ 978 ]" is in milliseconds; Vonage's PHP SDK waits at least a second.
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
  }

  @Test
  void refuses_a_text_the_sms_api_rejected_with_a_permanent_status_for_good() {
    gateway = VonageSmsGateway.create(config().smsApi(VonageConfig.SmsApi.SMS).build());
    vonage.enqueue(new MockResponse(200, Headers.of("Content-Type", "application/json"),
        resource("sms-missing-param.json")));

    PermanentSendException e = catchThrowableOfType(PermanentSendException.class, () -> gateway.send(TEXT));

    assertThat(e.carrierCode()).contains("2");
    assertThat(e.reason()).isEqualTo(PermanentFailureReason.OTHER);
    assertThat(e.getMessage()).contains("Missing to param");
  }

  @Test
  void refuses_an_invalid_recipient_from_the_messages_api_for_good_with_its_code() {
    gateway = VonageSmsGateway.create(config().build());
    vonage.enqueue(new MockResponse(422, Headers.of("Content-Type", "application/problem+json"),
        resource("error-invalid-recipient.json")));

    PermanentSendException e = catchThrowableOfType(PermanentSendException.class, () -> gateway.send(TEXT));

    assertThat(e.reason()).isEqualTo(PermanentFailureReason.INVALID_NUMBER);
    assertThat(e.carrierCode()).contains("1430");
    assertThat(e.httpStatus()).isEqualTo(422);
  }

  @Test
  void keeps_a_text_the_messages_api_refused_for_a_low_balance_until_the_account_is_topped_up() {
    // Vonage's generic error "low-balance" (developer.vonage.com/en/api-errors): "Top up your account".
    gateway = VonageSmsGateway.create(config().build());
    vonage.enqueue(new MockResponse(402, Headers.of("Content-Type", "application/problem+json"),
        "{\"type\":\"https://developer.vonage.com/api-errors#low-balance\",\"title\":\"Low balance\","
            + "\"detail\":\"This request could not be performed due to your account balance being low.\","
            + "\"instance\":\"bf0ca0bf927b3b52e3cb03217e1a1ddf\"}"));
    vonage.enqueue(new MockResponse(402, Headers.of("Content-Type", "application/problem+json"), "{}"));

    RetriableSendException lowBalance = catchThrowableOfType(RetriableSendException.class, () -> gateway.send(TEXT));
    RetriableSendException noCode = catchThrowableOfType(RetriableSendException.class, () -> gateway.send(TEXT));

    assertThat(lowBalance.mayHaveBeenAccepted()).isFalse();
    assertThat(lowBalance.carrierCode()).contains("low-balance");
    assertThat(noCode.mayHaveBeenAccepted()).isFalse();
  }

  @Test
  void flags_a_messages_api_server_error_naming_an_internal_error_code_as_possibly_accepted() {
    gateway = VonageSmsGateway.create(config().build());
    vonage.enqueue(new MockResponse(500, Headers.of("Content-Type", "application/problem+json", "Retry-After", "20"),
        "{\"type\":\"https://developer.vonage.com/api-errors/messages#1030\",\"title\":\"Internal error\"}"));

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, () -> gateway.send(TEXT));

    assertThat(e.mayHaveBeenAccepted()).isTrue();
    assertThat(e.carrierCode()).contains("1030");
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(20));
  }

  @Test
  void flags_an_sms_api_refusal_as_possibly_sent_when_any_part_was_accepted_not_only_the_first() {
    gateway = VonageSmsGateway.create(config().smsApi(VonageConfig.SmsApi.SMS).build());
    vonage.enqueue(new MockResponse(200, Headers.of("Content-Type", "application/json"),
        "{\"message-count\":\"2\",\"messages\":[{\"status\":\"1\",\"error-text\":\"Throughput Rate Exceeded"
            + " - please wait [ 1500 ] and retry\"},{\"to\":\"14845552121\",\"message-id\":\"0A0000000123ABCD2\","
            + "\"status\":\"0\"}]}"));

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, () -> gateway.send(TEXT));

    assertThat(e.mayHaveBeenAccepted()).isTrue();
    assertThat(e.carrierCode()).contains("1");
    assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
  }

  @Test
  void flags_an_accepted_answer_without_a_message_uuid_as_possibly_accepted() {
    gateway = VonageSmsGateway.create(config().build());
    vonage.enqueue(new MockResponse(202, Headers.of("Content-Type", "application/json"), "{}"));

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, () -> gateway.send(TEXT));

    assertThat(e.mayHaveBeenAccepted()).isTrue();
  }

  @Test
  void trusts_an_sms_api_acceptance_without_a_message_id_rather_than_send_a_second_copy() {
    gateway = VonageSmsGateway.create(config().smsApi(VonageConfig.SmsApi.SMS).build());
    // Status "0" is an explicit acceptance (vonage.md, SMS API); without a message-id no receipt can be matched.
    vonage.enqueue(new MockResponse(200, Headers.of("Content-Type", "application/json"),
        "{\"message-count\":\"1\",\"messages\":[{\"to\":\"14845552121\",\"status\":\"0\"}]}"));

    SendReceipt receipt = gateway.send(TEXT);

    assertThat(receipt.messageId()).isEmpty();
    assertThat(receipt.segments()).isEqualTo(1);
  }

  private VonageConfig.Builder config() {
    return VonageFixtures.config().baseUrl(vonage.url("/").toString());
  }

  private static MockResponse accepted(String uuid) {
    return new MockResponse(202, Headers.of("Content-Type", "application/json"),
        resource("messages-accepted.json").replace("aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", uuid));
  }

  private static String bearer(RecordedRequest request) {
    String auth = request.getHeaders().get("Authorization");
    assertThat(auth).startsWith("Bearer ");
    return auth.substring(7);
  }

  /** The JSON body of a Messages API request, every field as text. */
  static Map<String, String> json(RecordedRequest request) {
    try {
      Map<?, ?> m = JSON.readValue(request.getBody().utf8(), Map.class);
      Map<String, String> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
      return out;
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + request.getBody().utf8(), e);
    }
  }

  static Map<String, String> form(RecordedRequest request) {
    return VonageFixtures.parseQuery(request.getBody().utf8());
  }

  /** {@code s} as a JSON string literal. */
  static String jsonString(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
