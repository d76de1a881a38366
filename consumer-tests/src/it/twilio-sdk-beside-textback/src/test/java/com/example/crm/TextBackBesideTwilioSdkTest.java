package com.example.crm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.rest.api.v2010.account.Message;
import dev.textback.phone.PhoneNumber;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.twilio.TwilioConfig;
import dev.textback.twilio.TwilioSmsGateway;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** textback and the official Twilio SDK in one application, with the versions the BOM import gives. */
class TextBackBesideTwilioSdkTest {
  static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
  // A Messages API answer as Twilio documents it (trimmed to the fields both libraries read).
  static final String CREATED = "{\"account_sid\":\"" + ACCOUNT_SID + "\",\"api_version\":\"2010-04-01\","
      + "\"body\":\"Summit Heating: sorry we missed your call. Reply STOP to opt out.\","
      + "\"direction\":\"outbound-api\",\"from\":\"+12025550182\",\"num_segments\":\"1\","
      + "\"sid\":\"SM99999999999999999999999999999999\",\"status\":\"queued\",\"to\":\"+12015550123\"}";

  private final MockWebServer twilio = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    twilio.start();
  }

  @AfterEach
  void stop() {
    twilio.close();
  }

  @Test
  void textback_sends_a_text_with_the_twilio_sdk_on_the_classpath() throws Exception {
    twilio.enqueue(new MockResponse(201, Headers.of("Content-Type", "application/json"), CREATED));
    TwilioConfig config = TwilioConfig.builder()
        .accountSid(ACCOUNT_SID)
        .authToken("0123456789abcdef0123456789abcdef")
        .apiBaseUrl(twilio.url("/").toString())
        .build();

    try (TwilioSmsGateway gateway = TwilioSmsGateway.create(config)) {
      SendReceipt receipt = gateway.send(new SendRequest(PhoneNumber.of("+12025550182"),
          PhoneNumber.of("+12015550123"), "Summit Heating: sorry we missed your call. Reply STOP to opt out.",
          "ob_1"));

      assertThat(receipt.messageId()).isEqualTo("SM99999999999999999999999999999999");
    }
    RecordedRequest request = twilio.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json");
  }

  @Test
  void the_twilio_sdk_still_reads_its_own_resources() {
    Message message = Message.fromJson(CREATED, new ObjectMapper());

    assertThat(message.getSid()).isEqualTo("SM99999999999999999999999999999999");
    assertThat(message.getStatus()).isEqualTo(Message.Status.QUEUED);
  }

  @Test
  void every_jackson_module_on_the_classpath_has_one_version() {
    String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();

    assertThat(com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString()).isEqualTo(databind);
    // jackson-annotations dropped the patch level in 2.20; its major.minor must still match databind's.
    assertThat(annotationsVersion()).isEqualTo(databind.substring(0, databind.lastIndexOf('.')));
  }

  @Test
  void jackson_is_the_release_textback_is_built_against() {
    // The version the textback build compiles with (from its root pom): the BOM must not lag it.
    assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString())
        .isEqualTo(System.getProperty("textback.jackson.version"));
  }

  private static String annotationsVersion() {
    Package annotations = com.fasterxml.jackson.annotation.JsonProperty.class.getPackage();
    String version = annotations.getImplementationVersion();
    return version == null ? "unknown" : version;
  }
}
