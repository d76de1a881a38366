package dev.textback.jdbc;

import dev.textback.phone.CarrierId;
import dev.textback.spi.SendException;
import dev.textback.spi.RetriableSendException;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import dev.textback.template.SmsSegments;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/** A gateway that posts each send, with its idempotency key, to a {@link SendCounter}. */
final class CountingHttpGateway implements SmsGateway {
  private final URI counter;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  CountingHttpGateway(URI counter) {
    this.counter = Objects.requireNonNull(counter, "counter == null");
  }

  @Override
  public CarrierId carrier() {
    return JdbcEngineFixture.CARRIER;
  }

  @Override
  public SendReceipt send(SendRequest request) {
    String form = "to=" + URLEncoder.encode(request.to().e164(), StandardCharsets.UTF_8)
        + "&body=" + URLEncoder.encode(request.body(), StandardCharsets.UTF_8);
    HttpRequest post = HttpRequest.newBuilder(counter)
        .timeout(Duration.ofSeconds(10))
        .header(SendCounter.KEY_HEADER, request.idempotencyKey())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
    HttpResponse<String> response;
    try {
      response = client.send(post, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw SendException.builder(carrier(), "counter unreachable: " + e).cause(e).possiblyAccepted();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SendException.builder(carrier(), "interrupted").cause(e).possiblyAccepted();
    }
    if (response.statusCode() != 200) {
      SendException.Builder failure = SendException.builder(carrier(), "counter answered " + response.statusCode())
          .httpStatus(response.statusCode());
      throw response.statusCode() >= 500 ? failure.possiblyAccepted() : failure.notSent();
    }
    return new SendReceipt(response.body(), SmsSegments.analyze(request.body()).segments(), "accepted");
  }
}
