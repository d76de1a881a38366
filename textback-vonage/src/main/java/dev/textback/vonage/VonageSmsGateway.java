package dev.textback.vonage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.textback.carrier.CarrierError;
import dev.textback.carrier.CarrierHttp;
import dev.textback.carrier.HttpReply;
import dev.textback.carrier.LogText;
import dev.textback.carrier.SendFailures;
import dev.textback.message.PermanentFailureReason;
import dev.textback.phone.CarrierId;
import dev.textback.spi.RetriableSendException;
import dev.textback.spi.SendException;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import dev.textback.template.SmsSegments;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends texts with Vonage, one synchronous attempt per {@link #send} on the caller's thread; the engine owns
 * retries. Two APIs, chosen by {@link VonageConfig#smsApi()}:
 *
 * <ul>
 *   <li>the Messages API (default), {@code POST /v1/messages} with JSON, HTTP Basic or, with an application
 *       configured, an application JWT (RS256, reused for 10 of its 15 minutes); 202 with {@code message_uuid};
 *       refusals are RFC 7807 bodies read by {@link VonageErrorClassifier};
 *   <li>the SMS API, {@code POST /sms/json} with a form and HTTP Basic; 200 with a {@code status} per message
 *       part, {@code "0"} accepted. Status 1 (throttled, with its "please wait [N]"), 5, 10 and 13 are
 *       retriable, 9 (no credit) is kept for when the account is topped up, the rest are refused for good.
 * </ul>
 *
 * {@code from} is always the number the caller dialled, {@code client_ref} carries the outbox's idempotency
 * key (neither API deduplicates on it, but every status webhook echoes it). A 429 or a failure before the
 * request left is safe to retry; a 5xx or a lost answer after the request left is retriable but flagged as
 * possibly accepted.
 *
 * <p>Thread-safe. Holds one {@link OkHttpClient}: pass your own to share its connection pool and dispatcher
 * (timeouts are then derived from it with {@code newBuilder()}); otherwise the gateway creates one, which
 * {@link #close()} releases.
 */
public final class VonageSmsGateway implements SmsGateway, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VonageSmsGateway.class);
  private static final JsonFactory JSON = new JsonFactory();
  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
  /** Both APIs cap {@code client_ref} at 100 characters. */
  private static final int MAX_CLIENT_REF = 100;
  private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
  /** A token is replaced this long before it expires, so a slow request never carries an expired one. */
  private static final Duration TOKEN_REUSE = Duration.ofMinutes(10);
  private static final Pattern PLEASE_WAIT = Pattern.compile("please wait \\[\\s*(\\d+)\\s*]");

  private final VonageConfig config;
  private final CarrierHttp http;
  private final boolean ownsClient;
  private final HttpUrl messagesUrl;
  private final HttpUrl smsUrl;
  private final String basic;
  private final @Nullable RSASSASigner signer;
  private final Clock clock;
  private final SendFailures failures;
  private volatile @Nullable Token token;

  private record Token(String value, Instant renewAt) {}

  private VonageSmsGateway(VonageConfig config, OkHttpClient base, boolean ownsClient, Clock clock) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.ownsClient = ownsClient;
    this.clock = clock;
    this.failures = VonageErrorClassifier.create(clock);
    this.http = new CarrierHttp(VonageCarrier.ID, "Vonage",
        CarrierHttp.client(base, config.connectTimeout(), config.readTimeout()));
    this.messagesUrl = HttpUrl.get(config.apiBaseUrl()).newBuilder().addPathSegment("v1").addPathSegment("messages")
        .build();
    this.smsUrl = HttpUrl.get(config.restBaseUrl()).newBuilder().addPathSegment("sms").addPathSegment("json").build();
    this.basic = Credentials.basic(config.apiKey(), config.apiSecret(), StandardCharsets.UTF_8);
    this.signer = config.privateKey().map(pem -> new RSASSASigner(readPrivateKey(pem))).orElse(null);
  }

  /**
   * A gateway with its own HTTP client, whose pool keeps a connection for each of up to
   * {@link CarrierHttp#DEFAULT_IDLE_CONNECTIONS} concurrent sends.
   *
   * @param config the adapter's settings
   * @return the gateway
   */
  public static VonageSmsGateway create(VonageConfig config) {
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
  public static VonageSmsGateway create(VonageConfig config, int concurrentSends) {
    return new VonageSmsGateway(config, CarrierHttp.defaultClient(concurrentSends), true, Clock.systemUTC());
  }

  /**
   * A gateway sharing {@code client}'s connection pool and dispatcher, with the configured timeouts.
   *
   * @param config the adapter's settings
   * @param client the application's HTTP client
   * @return the gateway
   */
  public static VonageSmsGateway create(VonageConfig config, OkHttpClient client) {
    return new VonageSmsGateway(config, Objects.requireNonNull(client, "client == null"), false, Clock.systemUTC());
  }

  /** The client sends go through, whose connection pool tests inspect. */
  OkHttpClient httpClient() {
    return http.client();
  }

  @Override
  public CarrierId carrier() {
    return VonageCarrier.ID;
  }

  /**
   * Makes one attempt to send {@code request} through the configured API.
   *
   * @throws RetriableSendException on 429, 5xx, network failures and the SMS API's transient statuses
   * @throws dev.textback.spi.PermanentSendException when Vonage refused the text for good
   */
  @Override
  public SendReceipt send(SendRequest request) {
    Objects.requireNonNull(request, "request == null");
    SendReceipt receipt = config.smsApi() == VonageConfig.SmsApi.SMS ? sendSms(request) : sendMessage(request);
    log.debug("Vonage accepted text {} to {} as {}", request.idempotencyKey(), request.to().masked(),
        receipt.messageId());
    return receipt;
  }

  private SendReceipt sendMessage(SendRequest request) {
    StringWriter body = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(body)) {
      g.writeStartObject();
      g.writeStringField("message_type", "text");
      g.writeStringField("channel", "sms");
      g.writeStringField("to", digits(request.to().e164()));
      g.writeStringField("from", digits(request.from().e164()));
      g.writeStringField("text", request.body());
      g.writeStringField("client_ref", clientRef(request));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Headers headers = new Headers.Builder()
        .add("Authorization", signer != null ? "Bearer " + applicationToken() : basic)
        .add("Accept", "application/json")
        .build();
    HttpReply reply = http.post(messagesUrl, headers, RequestBody.create(body.toString(), JSON_TYPE),
        request.idempotencyKey());
    if (!reply.successful()) throw failures.classify(reply);
    String uuid = firstString(reply.body(), "message_uuid").orElseThrow(() -> SendException.builder(VonageCarrier.ID,
            "Vonage accepted the text but its answer has no message_uuid")
        .httpStatus(reply.status())
        .requestId(reply.header(VonageErrorClassifier.REQUEST_ID_HEADER).orElse(null))
        .possiblyAccepted());
    return new SendReceipt(uuid, 0, "submitted");
  }

  private SendReceipt sendSms(SendRequest request) {
    FormBody.Builder form = new FormBody.Builder(StandardCharsets.UTF_8)
        .add("from", digits(request.from().e164()))
        .add("to", digits(request.to().e164()))
        .add("text", request.body())
        .add("type", SmsSegments.isGsm7(request.body()) ? "text" : "unicode")
        .add("client-ref", clientRef(request));
    Headers headers = new Headers.Builder().add("Authorization", basic).add("Accept", "application/json").build();
    HttpReply reply = http.post(smsUrl, headers, form.build(), request.idempotencyKey());
    if (!reply.successful()) throw failures.classify(reply);
    List<Part> parts = parts(reply.body());
    if (parts.isEmpty()) {
      throw SendException.builder(VonageCarrier.ID, "Vonage answered the text without a message status")
          .httpStatus(reply.status())
          .possiblyAccepted();
    }
    Optional<Part> refused = parts.stream().filter(p -> !p.status().equals("0")).findFirst();
    // Any accepted part (not only the first: parts are refused independently) means a retry may repeat it.
    if (refused.isPresent()) throw refusal(refused.get(), reply, parts.stream().anyMatch(p -> p.status().equals("0")));
    String messageId = parts.get(0).messageId();
    if (messageId == null || messageId.isBlank()) {
      // Status "0" is an explicit acceptance: sending again would give the caller a second copy. The text is recorded
      // as sent, and no delivery receipt can be matched to it.
      log.warn("Vonage accepted text {} without a message-id; its delivery receipts cannot be matched",
          request.idempotencyKey());
      return new SendReceipt("", parts.size(), "0");
    }
    return new SendReceipt(messageId, parts.size(), "0");
  }

  /** A part's non-zero status as core's exception; when other parts went out, a retry may repeat them. */
  private SendException refusal(Part part, HttpReply reply, boolean someAccepted) {
    String message = "Vonage refused the text with status " + part.status()
        + (part.errorText() == null ? "" : ": " + CarrierError.maskNumbers(part.errorText()))
        + (someAccepted ? " (after accepting another of its parts)" : "");
    SendException.Builder b = SendException.builder(VonageCarrier.ID, LogText.escape(message))
        .httpStatus(reply.status())
        .carrierCode(part.status());
    if (VonageErrorClassifier.SMS_STATUS.isRetriable(part.status())) {
      b.retryAfter(pleaseWait(part.errorText()).orElse(null));
      return someAccepted ? b.possiblyAccepted() : b.notSent();
    }
    if (VonageErrorClassifier.SMS_STATUS.isMisconfiguration(part.status())) {
      log.error("Vonage refused a text with status {} (no credit?): top up the account; the text is kept",
          part.status());
      return someAccepted ? b.possiblyAccepted() : b.notSent();
    }
    return b.permanent(VonageErrorClassifier.SMS_STATUS.permanentReason(part.status())
        .orElse(PermanentFailureReason.OTHER));
  }

  /** Status 1's "please wait [ 978 ] and retry": milliseconds, at least a second. */
  static Optional<Duration> pleaseWait(@Nullable String errorText) {
    if (errorText == null) return Optional.empty();
    Matcher m = PLEASE_WAIT.matcher(errorText);
    if (!m.find()) return Optional.empty();
    try {
      long ms = Long.parseLong(m.group(1));
      return Optional.of(Duration.ofMillis(Math.min(Math.max(ms, 1000), 3_600_000)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String clientRef(SendRequest request) {
    String key = request.idempotencyKey();
    return key.length() <= MAX_CLIENT_REF ? key : key.substring(0, MAX_CLIENT_REF);
  }

  private static String digits(String e164) {
    return e164.startsWith("+") ? e164.substring(1) : e164;
  }

  /** The application JWT, reused while it has more than a third of its lifetime left. */
  private String applicationToken() {
    Instant now = clock.instant();
    Token t = token;
    if (t != null && now.isBefore(t.renewAt())) return t.value();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .claim("application_id", config.applicationId().orElseThrow())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
        .jwtID(UUID.randomUUID().toString())
        .build();
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(Objects.requireNonNull(signer));
      String value = jwt.serialize();
      token = new Token(value, now.plus(TOKEN_REUSE));
      return value;
    } catch (JOSEException e) {
      throw SendException.builder(VonageCarrier.ID, "cannot sign the Vonage application JWT: " + e.getMessage())
          .cause(e).notSent();
    }
  }

  /**
   * Reads a PKCS#8 RSA private key in PEM, as the Vonage Dashboard downloads it.
   *
   * @throws IllegalArgumentException saying what is wrong with it (never quoting it)
   */
  static PrivateKey readPrivateKey(String pem) {
    if (pem.contains("BEGIN RSA PRIVATE KEY")) {
      throw new IllegalArgumentException("a PKCS#1 key; convert it with "
          + "openssl pkcs8 -topk8 -nocrypt -in private.key -out private-pkcs8.key");
    }
    String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PEM PKCS#8 RSA private key");
    }
  }

  /** Releases the HTTP client the gateway created; a client passed in is left alone. */
  @Override
  public void close() {
    if (!ownsClient) return;
    http.client().dispatcher().executorService().shutdown();
    http.client().connectionPool().evictAll();
  }

  private record Part(String status, @Nullable String messageId, @Nullable String errorText) {}

  /** The SMS API answer's {@code messages[]}: each part's status, id and error text. */
  private static List<Part> parts(String json) {
    List<Part> parts = new ArrayList<>();
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return parts;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("messages") && value == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            String status = null;
            String id = null;
            String error = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String field = p.currentName();
              JsonToken v = p.nextToken();
              if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                p.skipChildren();
              } else if (v != JsonToken.VALUE_NULL) {
                switch (field) {
                  case "status" -> status = p.getText();
                  case "message-id" -> id = p.getText();
                  case "error-text" -> error = p.getText();
                  default -> { }
                }
              }
            }
            if (status != null) parts.add(new Part(status.trim(), id, error));
          }
        } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return parts;
  }

  /** A top-level string field of a JSON object, without building a tree. */
  private static Optional<String> firstString(String json, String field) {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return Optional.empty();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals(field) && value == JsonToken.VALUE_STRING && !p.getText().isBlank()) {
          return Optional.of(p.getText());
        }
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) p.skipChildren();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
