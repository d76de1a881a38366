package dev.textback.plivo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends texts with Plivo's Send Message API ({@code POST /v1/Account/{auth_id}/Message/}, a JSON body, Basic
 * auth with the auth id and token), one synchronous attempt per {@link #send} on the caller's thread; the engine
 * owns retries.
 *
 * <p>{@code src} is always the number the caller dialled. Plivo answers 202 with the message's id in a
 * {@code message_uuid} array. A 429, a refusal Plivo calls temporary, or a failure before the request left is
 * safe to retry; a 5xx or a lost answer after the request left is retriable but flagged as possibly accepted, as
 * the API has no idempotency key. An account out of credit (error 900) is logged as an error and retried after
 * {@link PlivoErrorClassifier#NO_CREDIT_WAIT}.
 *
 * <p>Thread-safe. Holds one {@link OkHttpClient}: pass your own to share its connection pool and dispatcher
 * (timeouts are then derived from it with {@code newBuilder()}); otherwise the gateway creates one, which
 * {@link #close()} releases.
 */
public final class PlivoSmsGateway implements SmsGateway, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PlivoSmsGateway.class);
  private static final JsonFactory JSON = new JsonFactory();
  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

  private final PlivoConfig config;
  private final CarrierHttp http;
  private final boolean ownsClient;
  private final HttpUrl messageUrl;
  private final Headers headers;
  private final SendFailures failures = PlivoErrorClassifier.create(Clock.systemUTC());
  private final SendFailures forbidden = PlivoErrorClassifier.createForbidden(Clock.systemUTC());

  private PlivoSmsGateway(PlivoConfig config, OkHttpClient base, boolean ownsClient) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.ownsClient = ownsClient;
    this.http = new CarrierHttp(PlivoCarrier.ID, "Plivo",
        CarrierHttp.client(base, config.connectTimeout(), config.readTimeout()));
    // The trailing slash is part of Plivo's documented path.
    this.messageUrl = HttpUrl.get(config.apiBaseUrl()).newBuilder()
        .addPathSegment("v1")
        .addPathSegment("Account")
        .addPathSegment(config.authId())
        .addPathSegment("Message")
        .addPathSegment("")
        .build();
    this.headers = new Headers.Builder()
        .add("Authorization", Credentials.basic(config.authId(), config.authToken(), StandardCharsets.UTF_8))
        .add("Accept", "application/json")
        .build();
  }

  /**
   * A gateway with its own HTTP client, whose pool keeps a connection for each of up to
   * {@link CarrierHttp#DEFAULT_IDLE_CONNECTIONS} concurrent sends.
   *
   * @param config the adapter's settings
   * @return the gateway; {@link #close()} releases its client
   */
  public static PlivoSmsGateway create(PlivoConfig config) {
    return create(config, CarrierHttp.DEFAULT_IDLE_CONNECTIONS);
  }

  /**
   * A gateway with its own HTTP client, whose pool keeps a connection for each of {@code concurrentSends} sends
   * (give the engine's {@code sendConcurrency}), so concurrent sends reuse connections instead of opening new ones.
   *
   * @param config the adapter's settings
   * @param concurrentSends how many sends run at once, at least 1
   * @return the gateway; {@link #close()} releases its client
   * @throws IllegalArgumentException when {@code concurrentSends} is below 1
   */
  public static PlivoSmsGateway create(PlivoConfig config, int concurrentSends) {
    return new PlivoSmsGateway(config, CarrierHttp.defaultClient(concurrentSends), true);
  }

  /**
   * A gateway sharing {@code client}'s connection pool and dispatcher, with the configured timeouts.
   *
   * @param config the adapter's settings
   * @param client the application's client, left open by {@link #close()}
   * @return the gateway
   */
  public static PlivoSmsGateway create(PlivoConfig config, OkHttpClient client) {
    return new PlivoSmsGateway(config, Objects.requireNonNull(client, "client == null"), false);
  }

  /** The client sends go through, whose connection pool tests inspect. */
  OkHttpClient httpClient() {
    return http.client();
  }

  @Override
  public CarrierId carrier() {
    return PlivoCarrier.ID;
  }

  /**
   * Makes one attempt to send {@code request}, naming {@link PlivoConfig#smsStatusCallbackUrl()} for its
   * delivery reports.
   *
   * @throws RetriableSendException on 429, 5xx, temporary refusals and network failures
   * @throws dev.textback.spi.PermanentSendException when Plivo refused the text for good
   */
  @Override
  public SendReceipt send(SendRequest request) {
    Objects.requireNonNull(request, "request == null");
    RequestBody body = RequestBody.create(json(request), JSON_TYPE);
    HttpReply reply = http.post(messageUrl, headers, body, request.idempotencyKey());
    if (!reply.successful()) {
      SendException failure = classify(reply);
      if (failure.carrierCode().filter(PlivoErrorClassifier.NO_CREDIT::equals).isPresent()) {
        log.error("Plivo account {} is out of credit: text {} waits {} before its next attempt; top the account up",
            config.authId(), request.idempotencyKey(), PlivoErrorClassifier.NO_CREDIT_WAIT);
      }
      throw failure;
    }
    SendReceipt receipt = receipt(reply.body()).orElseThrow(() -> SendException.builder(PlivoCarrier.ID,
            "Plivo accepted the text but its answer has no message_uuid")
        .httpStatus(reply.status())
        .possiblyAccepted());
    log.debug("Plivo accepted text {} to {} as {}", request.idempotencyKey(), request.to().masked(),
        receipt.messageId());
    return receipt;
  }

  /** A 403 from Send Message is a destination barred by geo permissions (blocked); anything else as core reads it. */
  private SendException classify(HttpReply reply) {
    if (reply.status() != 403) return failures.classify(reply);
    // Core reads no body when it is blank; "{}" lets the 403 reader name the refusal all the same.
    return forbidden.classify(reply.body().isBlank() ? new HttpReply(403, "{}", reply.headers()) : reply);
  }

  /** Releases the HTTP client the gateway created; a client passed in is left alone. */
  @Override
  public void close() {
    if (!ownsClient) return;
    http.client().dispatcher().executorService().shutdown();
    http.client().connectionPool().evictAll();
  }

  private String json(SendRequest request) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("src", PlivoPayloadMapper.plivoNumber(request.from()));
      g.writeStringField("dst", PlivoPayloadMapper.plivoNumber(request.to()));
      g.writeStringField("text", request.body());
      Optional<String> callback = config.smsStatusCallbackUrl();
      if (callback.isPresent()) {
        g.writeStringField("url", callback.get());
        g.writeStringField("method", "POST");
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The first id of {@code message_uuid} (one per destination; a text-back has one). */
  private static Optional<SendReceipt> receipt(String body) {
    String id = null;
    try (JsonParser json = JSON.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) return Optional.empty();
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if ("message_uuid".equals(field) && value == JsonToken.START_ARRAY) {
          while (json.nextToken() != JsonToken.END_ARRAY) {
            if (id == null && json.currentToken() == JsonToken.VALUE_STRING && !json.getText().isBlank()) {
              id = json.getText().trim();
            } else {
              json.skipChildren();
            }
          }
        } else {
          json.skipChildren();
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    // 202 means queued at Plivo; the number of segments comes with the delivery report, not here.
    return id == null ? Optional.empty() : Optional.of(new SendReceipt(id, 0, "queued"));
  }
}
