package dev.textback.routing;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a JSON body to one URL, signed as {@link CrmWebhookSignature} describes, and retries connection
 * failures, 408, 429 and 5xx with exponential backoff. Thread-safe.
 */
final class SignedWebhookPoster {
  private static final Logger log = LoggerFactory.getLogger(SignedWebhookPoster.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final double BACKOFF_MULTIPLIER = 2.0;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final String what;
  private final HttpUrl url;
  private final String secret;
  private final OkHttpClient client;
  private final Clock clock;
  private final Retry retry;

  SignedWebhookPoster(String what, HttpUrl url, String secret, OkHttpClient client, int maxAttempts,
      Duration initialBackoff, Clock clock) {
    this.what = what;
    this.url = url;
    this.secret = secret;
    this.client = client;
    this.clock = clock;
    Duration maxBackoff = initialBackoff.compareTo(MAX_BACKOFF) > 0 ? initialBackoff : MAX_BACKOFF;
    RetryConfig config = RetryConfig.custom()
        .maxAttempts(maxAttempts)
        .intervalFunction(IntervalFunction.ofExponentialBackoff(initialBackoff, BACKOFF_MULTIPLIER, maxBackoff))
        .retryOnException(e -> e instanceof FailedAttempt f && f.retriable)
        .build();
    this.retry = Retry.of("textback-" + what.replace(' ', '-').toLowerCase(Locale.ROOT), config);
    this.retry.getEventPublisher().onRetry(e -> log.warn("{} to {} failed ({}); retry {} in {} ms", what,
        destination(), e.getLastThrowable() == null ? "?" : e.getLastThrowable().getMessage(),
        e.getNumberOfRetryAttempts(), e.getWaitInterval().toMillis()));
  }

  /**
   * Posts the body {@code bodyForAttempt} gives for each attempt (numbered from 1), retrying as configured. A
   * retry's body may differ from the first: it repeats a request the receiver may have stored, and says so.
   *
   * @throws WebhookDeliveryException when the last attempt failed or the receiver rejected the request
   */
  void post(IntFunction<byte[]> bodyForAttempt) {
    AtomicInteger attempts = new AtomicInteger();
    try {
      retry.executeRunnable(() -> attempt(bodyForAttempt.apply(attempts.incrementAndGet())));
    } catch (FailedAttempt f) {
      int n = attempts.get();
      throw new WebhookDeliveryException(what + " to " + destination() + " failed after " + n
          + (n == 1 ? " attempt: " : " attempts: ") + f.getMessage(), f.getCause(), f.status, f.requestId, n,
          !f.retriable);
    }
    log.debug("{} to {} accepted after {} attempt(s)", what, destination(), attempts.get());
  }

  private void attempt(byte[] body) {
    long timestamp = clock.instant().getEpochSecond();
    Request request = new Request.Builder()
        .url(url)
        .header(CrmWebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
        .header(CrmWebhookSignature.SIGNATURE_HEADER, CrmWebhookSignature.sign(secret, timestamp, body))
        .post(RequestBody.create(body, JSON))
        .build();
    try (Response response = client.newCall(request).execute()) {
      int code = response.code();
      if (response.isSuccessful()) return;
      // 408: the receiver (or a proxy before it) timed out waiting for the request; nothing was refused.
      boolean retriable = code == 408 || code == 429 || code >= 500;
      throw new FailedAttempt((retriable ? "HTTP " : "rejected with HTTP ") + code, null, code,
          response.header("X-Request-Id"), retriable);
    } catch (IOException e) {
      throw new FailedAttempt(String.valueOf(e), e, 0, null, true);
    }
  }

  /** Scheme, host and port only: paths of webhook URLs often embed a token. */
  String destination() {
    return url.scheme() + "://" + url.host() + (url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : ":"
        + url.port());
  }

  /** One failed request; carries whether another attempt may help. */
  private static final class FailedAttempt extends RuntimeException {
    final int status;
    final @Nullable String requestId;
    final boolean retriable;

    FailedAttempt(String message, @Nullable Throwable cause, int status, @Nullable String requestId,
        boolean retriable) {
      super(message, cause, false, false);
      this.status = status;
      this.requestId = requestId;
      this.retriable = retriable;
    }
  }
}
