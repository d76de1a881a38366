package dev.textback.test.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.carrier.CarrierError;
import dev.textback.carrier.CarrierHttp;
import dev.textback.carrier.ErrorCodes;
import dev.textback.carrier.HttpReply;
import dev.textback.carrier.SendFailures;
import dev.textback.phone.CarrierId;
import dev.textback.message.PermanentFailureReason;
import dev.textback.spi.RetriableSendException;
import dev.textback.spi.SendException;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;

/**
 * The sample carrier's send API: {@code POST /v1/messages} with {@code {"from","to","text"}} (numbers without a
 * plus sign), answered {@code 202 {"message_id"}} or {@code {"error":{"code","message"}}}.
 */
final class SampleGateway implements SmsGateway {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final ErrorCodes CODES = ErrorCodes.builder()
      .retriable("throttled")
      .permanent("invalid_recipient", PermanentFailureReason.INVALID_NUMBER)
      .permanent("unauthorized", PermanentFailureReason.AUTH)
      .build();

  private final CarrierHttp http;
  private final HttpUrl messages;
  private final Headers headers;
  private final Set<SampleCarrier.Defect> defects;
  private final SendFailures failures = SendFailures.builder(SampleCarrier.ID)
      .displayName("Sample")
      .codes(CODES)
      .errorBody(SampleGateway::error)
      .requestIdHeader("Sample-Request-Id")
      .build();

  SampleGateway(String apiBaseUrl, String apiKey, Duration readTimeout, Set<SampleCarrier.Defect> defects) {
    this.http = new CarrierHttp(SampleCarrier.ID, "Sample",
        CarrierHttp.client(new OkHttpClient(), Duration.ofSeconds(5), readTimeout));
    this.messages = HttpUrl.get(apiBaseUrl).newBuilder().addPathSegments("v1/messages").build();
    this.headers = Headers.of("Authorization", "Bearer " + apiKey, "Accept", "application/json");
    this.defects = defects;
  }

  @Override
  public CarrierId carrier() {
    return SampleCarrier.ID;
  }

  @Override
  public SendReceipt send(SendRequest request) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("from", request.from().e164().substring(1));
    body.put("to", request.to().e164().substring(1));
    body.put("text", request.body());
    byte[] json = write(body);
    HttpReply reply;
    try {
      reply = http.post(messages, headers, RequestBody.create(json, JSON_TYPE), request.idempotencyKey());
    } catch (RetriableSendException e) {
      if (!defects.contains(SampleCarrier.Defect.RETRIES_IN_THE_GATEWAY)) throw e;
      reply = http.post(messages, headers, RequestBody.create(json, JSON_TYPE), request.idempotencyKey());
    }
    if (!reply.successful()) throw failures.classify(reply);
    String id = read(reply.body()).path("message_id").asText("");
    if (id.isBlank()) {
      throw SendException.builder(SampleCarrier.ID, "Sample accepted the text without a message id")
          .httpStatus(reply.status())
          .possiblyAccepted();
    }
    if (defects.contains(SampleCarrier.Defect.MADE_UP_MESSAGE_ID)) id = UUID.randomUUID().toString();
    return new SendReceipt(id, 1, "queued");
  }

  void close() {
    http.client().dispatcher().executorService().shutdown();
    http.client().connectionPool().evictAll();
  }

  private static CarrierError error(String body) {
    JsonNode error = read(body).path("error");
    return new CarrierError(error.path("code").asText(null), error.path("message").asText(null), null);
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  private static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
