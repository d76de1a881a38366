package dev.textback.twilio;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.textback.carrier.CarrierHttp;
import dev.textback.carrier.HttpReply;
import dev.textback.carrier.SendFailures;
import dev.textback.phone.CarrierId;
import dev.textback.spi.RetriableSendException;
import dev.textback.spi.SendException;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends texts with Twilio's Messages API ({@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}),
 * one synchronous attempt per {@link #send} on the caller's thread; the engine owns retries.
 *
 * <p>{@code From} is always the number the caller dialled; with a Messaging Service configured it is sent
 * too, and Twilio then applies the service's features to that sender. Failures are mapped by Twilio's error
 * code: a 429 or a failure before the request left is safe to retry; a 5xx or a lost answer after the request
 * left is retriable but flagged as possibly accepted, since the Messages API has no idempotency key.
 *
 * <p>Thread-safe. Holds one {@link OkHttpClient}: pass your own to share its connection pool and dispatcher
 * (timeouts are then derived from it with {@code newBuilder()}); otherwise the gateway creates one, which
 * {@link #close()} releases.
 */
public final class TwilioSmsGateway implements SmsGateway, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TwilioSmsGateway.class);
  private static final JsonFactory JSON = new JsonFactory();

  private final TwilioConfig config;
  private final CarrierHttp http;
  private final boolean ownsClient;
  private final HttpUrl messagesUrl;
  private final Headers headers;
  private final SendFailures failures = TwilioErrorClassifier.create(Clock.systemUTC());

  private TwilioSmsGateway(TwilioConfig config, OkHttpClient base, boolean ownsClient) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.ownsClient = ownsClient;
    this.http = new CarrierHttp(TwilioCarrier.ID, "Twilio",
        CarrierHttp.client(base, config.connectTimeout(), config.readTimeout()));
    this.messagesUrl = HttpUrl.get(config.apiBaseUrl()).newBuilder()
        .addPathSegment("2010-04-01")
        .addPathSegment("Accounts")
        .addPathSegment(config.accountSid())
        .addPathSegment("Messages.json")
        .build();
    this.headers = new Headers.Builder()
        .add("Authorization", Credentials.basic(
            config.apiKeySid().orElse(config.accountSid()),
            config.apiKeySecret().orElse(config.authToken()),
            StandardCharsets.UTF_8))
        .add("Accept", "application/json")
        .build();
  }

  /**
   * A gateway with its own HTTP client, whose pool keeps a connection for each of up to
   * {@link CarrierHttp#DEFAULT_IDLE_CONNECTIONS} concurrent sends.
   */
  public static TwilioSmsGateway create(TwilioConfig config) {
    return create(config, CarrierHttp.DEFAULT_IDLE_CONNECTIONS);
  }

  /**
   * A gateway with its own HTTP client, whose pool keeps a connection for each of {@code concurrentSends} sends
   * (give the engine's {@code sendConcurrency}).
   *
   * @throws IllegalArgumentException when {@code concurrentSends} is below 1
   */
  public static TwilioSmsGateway create(TwilioConfig config, int concurrentSends) {
    return new TwilioSmsGateway(config, CarrierHttp.defaultClient(concurrentSends), true);
  }

  /** A gateway sharing {@code client}'s connection pool and dispatcher, with the configured timeouts. */
  public static TwilioSmsGateway create(TwilioConfig config, OkHttpClient client) {
    return new TwilioSmsGateway(config, Objects.requireNonNull(client, "client == null"), false);
  }

  /** The client sends go through, whose connection pool tests inspect. */
  OkHttpClient httpClient() {
    return http.client();
  }

  @Override
  public CarrierId carrier() {
    return TwilioCarrier.ID;
  }

  /**
   * Makes one attempt to send {@code request}, naming {@link TwilioConfig#smsStatusCallbackUrl()} for its
   * delivery receipts.
   *
   * @throws RetriableSendException on 429, 5xx and network failures
   * @throws dev.textback.spi.PermanentSendException when Twilio refused the text for good
   */
  @Override
  public SendReceipt send(SendRequest request) {
    Objects.requireNonNull(request, "request == null");
    FormBody.Builder form = new FormBody.Builder(StandardCharsets.UTF_8)
        .add("To", request.to().e164())
        .add("From", request.from().e164())
        .add("Body", request.body());
    config.messagingServiceSid().ifPresent(sid -> form.add("MessagingServiceSid", sid));
    config.smsStatusCallbackUrl().ifPresent(url -> form.add("StatusCallback", url));
    HttpReply reply = http.post(messagesUrl, headers, form.build(), request.idempotencyKey());
    if (!reply.successful()) throw failures.classify(reply);
    SendReceipt receipt = receipt(reply.body()).orElseThrow(() -> SendException.builder(TwilioCarrier.ID,
            "Twilio accepted the text but its answer has no message sid")
        .httpStatus(reply.status())
        .requestId(reply.header(TwilioErrorClassifier.REQUEST_ID_HEADER).orElse(null))
        .possiblyAccepted());
    log.debug("Twilio accepted text {} to {} as {}", request.idempotencyKey(), request.to().masked(),
        receipt.messageId());
    return receipt;
  }

  /** Releases the HTTP client the gateway created; a client passed in is left alone. */
  @Override
  public void close() {
    if (!ownsClient) return;
    http.client().dispatcher().executorService().shutdown();
    http.client().connectionPool().evictAll();
  }

  /**
   * The sid, segment count and status from Twilio's answer, read with a streaming parser: the answer has some twenty
   * fields and nested objects, and building a tree of them for three top-level values cost a sixth of the send path.
   */
  static Optional<SendReceipt> receipt(String json) {
    String sid = null;
    int segments = 0;
    String status = "";
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return Optional.empty();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "sid" -> sid = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "num_segments" -> segments = segments(value, p);
          case "status" -> status = value.isScalarValue() && value != JsonToken.VALUE_NULL ? p.getText() : "";
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return sid == null || sid.isBlank() ? Optional.empty() : Optional.of(new SendReceipt(sid, segments, status));
  }

  /** {@code num_segments} is a string in Twilio's JSON ({@code "1"}); 0 when absent or unreadable. */
  private static int segments(JsonToken value, JsonParser p) throws IOException {
    if (value == JsonToken.VALUE_NULL || !value.isScalarValue()) {
      p.skipChildren();
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(p.getText().trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
