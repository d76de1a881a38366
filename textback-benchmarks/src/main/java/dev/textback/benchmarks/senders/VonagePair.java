package dev.textback.benchmarks.senders;

import com.vonage.client.HttpConfig;
import com.vonage.client.VonageClient;
import com.vonage.client.messages.MessagesClient;
import com.vonage.client.messages.sms.SmsTextRequest;
import dev.textback.phone.PhoneNumber;
import dev.textback.spi.SendRequest;
import dev.textback.vonage.VonageConfig;
import dev.textback.vonage.VonageSmsGateway;

/**
 * Vonage: textback's {@link VonageSmsGateway} on the Messages API against {@code com.vonage:server-sdk}'s
 * {@code MessagesClient}, both authenticating with the API key and secret, on Vonage's documented 202 answer.
 */
public final class VonagePair implements CarrierPair {
  private static final String API_KEY = "a1b2c3d4";
  private static final String API_SECRET = "Sup3rS3cretValue";
  // Required by the config (it verifies webhooks); unused on the send path.
  private static final String SIGNATURE_SECRET = "signature-secret-of-at-least-32-chars";

  @Override
  public String carrier() {
    return "vonage";
  }

  @Override
  public String officialSdk() {
    return "com.vonage:server-sdk 9.3.1";
  }

  @Override
  public FakeCarrierApi.Answer answer() {
    return new FakeCarrierApi.Answer(202, "application/json",
        TwilioPair.resource("/fake/vonage-message-accepted.json"));
  }

  /** The gateway as {@link VonageSmsGateway#create(VonageConfig)} builds it: own client, default pool. */
  @Override
  public Sender textback(String baseUrl, int concurrency) {
    VonageSmsGateway gateway = VonageSmsGateway.create(VonageConfig.builder().apiKey(API_KEY).apiSecret(API_SECRET)
        .signatureSecret(SIGNATURE_SECRET)
        .baseUrl(baseUrl).build());
    PhoneNumber from = PhoneNumber.of(TwilioPair.FROM);
    return new Sender() {
      @Override
      public String send(int i) {
        return gateway.send(new SendRequest(from, PhoneNumber.of(TwilioPair.to(i)), TwilioPair.BODY, "ob_" + i))
            .messageId();
      }

      @Override
      public void close() {
        gateway.close();
      }
    };
  }

  /**
   * The SDK with its default HTTP client; only {@link HttpConfig.Builder#baseUri(String)} changes, which points every
   * API host (including the Messages API's) at the fake.
   */
  @Override
  public Sender official(String baseUrl, int port, int concurrency) {
    VonageClient client = VonageClient.builder().apiKey(API_KEY).apiSecret(API_SECRET)
        .httpConfig(HttpConfig.builder().baseUri(baseUrl).build()).build();
    MessagesClient messages = client.getMessagesClient();
    // The SDK wants numbers without the leading '+' (E.164 digits).
    String from = TwilioPair.FROM.substring(1);
    return new Sender() {
      @Override
      public String send(int i) {
        return messages.sendMessage(SmsTextRequest.builder().from(from).to(TwilioPair.to(i).substring(1))
            .text(TwilioPair.BODY).clientRef("ob_" + i).build()).getMessageUuid().toString();
      }

      @Override
      public void close() {
        // The SDK offers no close; its pooled connections go with the JVM.
      }
    };
  }
}
