package dev.textback.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/** Mutable settings behind the builders of the signed-webhook router and notifier. Not thread-safe. */
final class WebhookSettings {
  /** One client for every webhook that was not given its own, so they share connections and threads. */
  private static final OkHttpClient SHARED_CLIENT = new OkHttpClient();

  private @Nullable HttpUrl url;
  private @Nullable String secret;
  private @Nullable OkHttpClient client;
  private int maxAttempts = 1;
  private Duration initialBackoff = Duration.ofMillis(500);
  private Duration timeout = Duration.ofSeconds(10);
  private Clock clock = Clock.systemUTC();

  void url(String url) {
    Objects.requireNonNull(url, "url == null");
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) throw new IllegalArgumentException("not an http or https URL: " + url);
    // OkHttp never sends a URL's user and password; a receiver behind Basic auth would refuse every request for good.
    if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
      throw new IllegalArgumentException("the URL must not hold a user or password (they would never be sent); "
          + "the receiver checks the signature instead");
    }
    this.url = parsed;
  }

  void secret(String secret) {
    Objects.requireNonNull(secret, "secret == null");
    if (secret.isBlank()) throw new IllegalArgumentException("secret must not be blank");
    this.secret = secret;
  }

  void client(OkHttpClient client) {
    this.client = Objects.requireNonNull(client, "client == null");
  }

  void maxAttempts(int maxAttempts) {
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    this.maxAttempts = maxAttempts;
  }

  void initialBackoff(Duration backoff) {
    Objects.requireNonNull(backoff, "backoff == null");
    if (backoff.isNegative() || backoff.isZero()) throw new IllegalArgumentException("backoff must be positive");
    this.initialBackoff = backoff;
  }

  void timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout == null");
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    this.timeout = timeout;
  }

  void clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /** @throws IllegalStateException naming every missing setting */
  SignedWebhookPoster newPoster(String what) {
    StringBuilder missing = new StringBuilder();
    if (url == null) missing.append("url");
    if (secret == null) missing.append(missing.length() == 0 ? "" : ", ").append("secret");
    if (missing.length() > 0) throw new IllegalStateException(what + ": missing " + missing);
    OkHttpClient derived = (client != null ? client : SHARED_CLIENT).newBuilder()
        .callTimeout(timeout)
        // OkHttp turns a POST into a bodiless GET on 301/302; a redirect must fail, not look delivered.
        .followRedirects(false)
        .build();
    return new SignedWebhookPoster(what, url, secret, derived, maxAttempts, initialBackoff, clock);
  }
}
