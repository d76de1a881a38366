package dev.textback.benchmarks.senders;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import dev.textback.phone.PhoneNumber;
import dev.textback.spi.SendRequest;
import dev.textback.twilio.TwilioConfig;
import dev.textback.twilio.TwilioSmsGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/** Twilio: textback's {@link TwilioSmsGateway} against {@code com.twilio.sdk:twilio}, on Twilio's documented answer. */
public final class TwilioPair implements CarrierPair {
  private static final String SID = "AC0123456789abcdef0123456789abcdef";
  private static final String TOKEN = "12345678901234567890123456789012";
  static final String FROM = "+13035550100";
  static final String BODY = "Hi, this is Summit Heating & Cooling. Sorry we missed your call. Reply here with your issue.";

  @Override
  public String carrier() {
    return "twilio";
  }

  @Override
  public String officialSdk() {
    return "com.twilio.sdk:twilio 13.0.1";
  }

  @Override
  public FakeCarrierApi.Answer answer() {
    return new FakeCarrierApi.Answer(201, "application/json", resource("/fake/twilio-message-created.json"));
  }

  static String to(int i) {
    return "+1212" + (2_000_000 + i % 1_000_000);
  }

  @Override
  public Sender textback(String baseUrl, int concurrency) {
    TwilioSmsGateway gateway = TwilioSmsGateway.create(TwilioConfig.builder().accountSid(SID).authToken(TOKEN)
        .apiBaseUrl(baseUrl).build(), concurrency);
    PhoneNumber from = PhoneNumber.of(FROM);
    return new Sender() {
      @Override
      public String send(int i) {
        return gateway.send(new SendRequest(from, PhoneNumber.of(to(i)), BODY, "ob_" + i)).messageId();
      }

      @Override
      public void close() {
        gateway.close();
      }
    };
  }

  /**
   * The SDK as {@code new NetworkHttpClient()} builds it (a pool of 20 connections per route, 100 in all), with one
   * change: every request is routed to the fake over plain HTTP, whatever host its URL names.
   */
  @Override
  public Sender official(String baseUrl, int port, int concurrency) {
    PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager();
    connections.setDefaultMaxPerRoute(20);
    connections.setMaxTotal(100);
    HttpHost fake = new HttpHost("http", "127.0.0.1", port);
    HttpClientBuilder builder = HttpClientBuilder.create().useSystemProperties().setConnectionManager(connections)
        .setRoutePlanner((HttpHost target, HttpContext context) -> new HttpRoute(fake));
    TwilioRestClient client = new TwilioRestClient.Builder(SID, TOKEN).httpClient(new NetworkHttpClient(builder))
        .build();
    com.twilio.type.PhoneNumber from = new com.twilio.type.PhoneNumber(FROM);
    return new Sender() {
      @Override
      public String send(int i) {
        return Message.creator(new com.twilio.type.PhoneNumber(to(i)), from, BODY).create(client).getSid();
      }

      @Override
      public void close() {
        connections.close();
      }
    };
  }

  static String resource(String name) {
    try (InputStream in = TwilioPair.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("no resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
