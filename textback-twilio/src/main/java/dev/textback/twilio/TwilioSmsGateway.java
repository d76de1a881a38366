package dev.textback.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
  private static final ObjectMapper JSON = new ObjectMapper();

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

  /** A gateway with its own HTTP client. */
  public static TwilioSmsGateway create(TwilioConfig config) {
    return new TwilioSmsGateway(config, new OkHttpClient(), true);
  }

  /** A gateway sharing {@code client}'s connection pool and dispatcher, with the configured timeouts. */
  public static TwilioSmsGateway create(TwilioConfig config, OkHttpClient client) {
    return new TwilioSmsGateway(config, Objects.requireNonNull(client, "client == null"), false);
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

  private static Optional<SendReceipt> receipt(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.path("sid").isTextual() || node.path("sid").asText().isBlank()) {
        return Optional.empty();
      }
      return Optional.of(new SendReceipt(node.path("sid").asText(), segments(node.path("num_segments")),
          node.path("status").asText("")));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** {@code num_segments} is a string in Twilio's JSON ({@code "1"}); 0 when absent or unreadable. */
  private static int segments(JsonNode node) {
    try {
      return node.isMissingNode() || node.isNull() ? 0 : Math.max(0, Integer.parseInt(node.asText().trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
