package dev.textback.routing;

import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The settings every signed textback webhook shares ({@link CrmWebhookRouter}, {@link WebhookEscalationNotifier}):
 * where to post, the signing secret, the HTTP client, retries and the clock. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class SignedWebhookBuilder<B extends SignedWebhookBuilder<B>> {
  private final WebhookSettings settings = new WebhookSettings();

  SignedWebhookBuilder() {}

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** The http or https URL to post to. */
  public B url(String url) {
    settings.url(url);
    return self();
  }

  /** The shared secret that signs each request; keep it out of source control. */
  public B secret(String secret) {
    settings.secret(secret);
    return self();
  }

  /**
   * The client to derive from with {@link OkHttpClient#newBuilder()}, sharing its connection pool and
   * dispatcher. Default: one client shared by all webhooks.
   */
  public B client(OkHttpClient client) {
    settings.client(client);
    return self();
  }

  /**
   * Requests per call, including the first (default 1: the engine retries a failed delivery itself, with backoff,
   * through its outbox). More makes quick retries inside one call, sleeping on the routing thread.
   */
  public B maxAttempts(int maxAttempts) {
    settings.maxAttempts(maxAttempts);
    return self();
  }

  /** The wait before the first retry; each further wait doubles, up to one minute (default 500 ms). */
  public B initialBackoff(Duration backoff) {
    settings.initialBackoff(backoff);
    return self();
  }

  /** Limit for one whole request, connecting to reading the answer (default 10 s). */
  public B timeout(Duration timeout) {
    settings.timeout(timeout);
    return self();
  }

  /** The clock for the signed timestamp (default the system clock). */
  public B clock(Clock clock) {
    settings.clock(clock);
    return self();
  }

  /** @throws IllegalStateException when the URL or the secret is missing */
  SignedWebhookPoster poster(String what) {
    return settings.newPoster(what);
  }
}
