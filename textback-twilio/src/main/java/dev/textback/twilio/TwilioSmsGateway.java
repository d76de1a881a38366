package dev.textback.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.spi.RetriableSendException;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import dev.textback.twilio.internal.SendBody;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
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
  private static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private final TwilioConfig config;
  private final OkHttpClient client;
  private final boolean ownsClient;
  private final HttpUrl messagesUrl;
  private final String authorization;

  private TwilioSmsGateway(TwilioConfig config, OkHttpClient base, boolean ownsClient) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.ownsClient = ownsClient;
    this.client = base.newBuilder()
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.readTimeout())
        .writeTimeout(config.readTimeout())
        .followRedirects(false)
        .build();
    this.messagesUrl = HttpUrl.get(config.apiBaseUrl()).newBuilder()
        .addPathSegment("2010-04-01")
        .addPathSegment("Accounts")
        .addPathSegment(config.accountSid())
        .addPathSegment("Messages.json")
        .build();
    this.authorization = Credentials.basic(
        config.apiKeySid().orElse(config.accountSid()),
        config.apiKeySecret().orElse(config.authToken()),
        StandardCharsets.UTF_8);
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
  public String carrier() {
    return TwilioPayloadMapper.CARRIER;
  }

  /**
   * Makes one attempt to send {@code request}. Its status-callback URL wins over
   * {@link TwilioConfig#smsStatusCallbackUrl()}.
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
    request.statusCallback().or(config::smsStatusCallbackUrl).ifPresent(url -> form.add("StatusCallback", url));
    SendBody body = new SendBody(form.build());
    Request http = new Request.Builder()
        .url(messagesUrl)
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .post(body)
        .build();
    try (Response response = client.newCall(http).execute()) {
      String requestId = response.header("Twilio-Request-Id");
      String text = read(response.body());
      if (!response.isSuccessful()) {
        throw TwilioErrorClassifier.classify(response.code(), text, response.header("Retry-After"), requestId);
      }
      SendReceipt receipt = receipt(text).orElseThrow(() -> new RetriableSendException(
          "Twilio accepted the text but its answer has no message sid", null, carrier(), response.code(), null,
          requestId, null, true));
      log.debug("Twilio accepted text {} to {} as {}", request.idempotencyKey(), request.to().masked(),
          receipt.messageId());
      return receipt;
    } catch (IOException e) {
      boolean mayHaveBeenAccepted = body.written();
      if (mayHaveBeenAccepted) {
        log.warn("Twilio request for text {} to {} failed after it was sent ({}); it may have been accepted",
            request.idempotencyKey(), request.to().masked(), e.toString());
      }
      throw new RetriableSendException("Twilio request failed: " + e, e, carrier(), 0, null, null, null,
          mayHaveBeenAccepted);
    }
  }

  /** Releases the HTTP client the gateway created; a client passed in is left alone. */
  @Override
  public void close() {
    if (!ownsClient) return;
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  /** The body, or its first 64 KiB: Twilio's answers are small JSON documents, a huge body is not Twilio's. */
  private static String read(ResponseBody body) throws IOException {
    BufferedSource source = body.source();
    source.request(MAX_RESPONSE_BYTES);
    Buffer buffer = source.getBuffer();
    return buffer.readString(Math.min(buffer.size(), MAX_RESPONSE_BYTES), StandardCharsets.UTF_8);
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
