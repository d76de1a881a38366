package dev.textback.benchmarks.senders;

import com.fasterxml.jackson.databind.module.SimpleModule;
import com.plivo.api.PlivoClient;
import com.plivo.api.models.base.LogLevel;
import com.plivo.api.models.message.Message;
import dev.textback.phone.PhoneNumber;
import dev.textback.plivo.PlivoConfig;
import dev.textback.plivo.PlivoSmsGateway;
import okhttp3.OkHttpClient;

/**
 * Plivo: textback's {@link PlivoSmsGateway} against {@code com.plivo:plivo-java}'s {@code Message.creator(...)}, on
 * Plivo's documented 202 answer to Send Message.
 */
public final class PlivoPair implements CarrierPair {
  // Plivo's SDK checks the shape of the auth id (MA or SA and 18 characters).
  private static final String AUTH_ID = "MAZDQ1ZDMXYTAZMTM3NT";
  private static final String AUTH_TOKEN = "MzQ1NjdjNGI5ZmUxYzI0NDQ1YTE1MWM0ZDFkMDEx";

  @Override
  public String carrier() {
    return "plivo";
  }

  @Override
  public String officialSdk() {
    return "com.plivo:plivo-java 5.46.3";
  }

  @Override
  public FakeCarrierApi.Answer answer() {
    return new FakeCarrierApi.Answer(202, "application/json", TwilioPair.resource("/fake/plivo-message-queued.json"));
  }

  /** The gateway as {@link PlivoSmsGateway#create(PlivoConfig)} builds it: own client, default pool. */
  @Override
  public Sender textback(String baseUrl, int concurrency) {
    PlivoSmsGateway gateway = PlivoSmsGateway.create(PlivoConfig.builder().authId(AUTH_ID).authToken(AUTH_TOKEN)
        .apiBaseUrl(baseUrl).build());
    PhoneNumber from = PhoneNumber.of(TwilioPair.FROM);
    return new Sender() {
      @Override
      public String send(int i) {
        return gateway.send(new dev.textback.spi.SendRequest(from, PhoneNumber.of(TwilioPair.to(i)), TwilioPair.BODY,
            "ob_" + i)).messageId();
      }

      @Override
      public void close() {
        gateway.close();
      }
    };
  }

  /**
   * The SDK as {@code Plivo.init(authId, authToken)} builds it (a fresh {@link OkHttpClient.Builder}, no HTTP logging),
   * through the one public constructor that takes a base URL instead of {@code https://api.plivo.com/v1/}.
   * {@code Plivo.init} itself cannot be pointed elsewhere, so the client is passed to each creator.
   */
  @Override
  public Sender official(String baseUrl, int port, int concurrency) {
    PlivoClient client = new PlivoClient(AUTH_ID, AUTH_TOKEN, new OkHttpClient.Builder(), baseUrl + "/v1/",
        new SimpleModule(), LogLevel.NONE);
    // The SDK wants numbers without the leading '+'.
    String from = TwilioPair.FROM.substring(1);
    return new Sender() {
      @Override
      public String send(int i) throws Exception {
        return Message.creator(from, TwilioPair.to(i).substring(1), TwilioPair.BODY).client(client).create()
            .getMessageUuid().get(0);
      }

      @Override
      public void close() {
        // PlivoClient offers no close; its pooled connections go with the JVM.
      }
    };
  }
}
