package dev.textback.reply;

import dev.textback.spi.ReplyRouter;
import dev.textback.spi.RoutedReply;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * Posts each caller reply as signed JSON to a URL of yours, typically a CRM or helpdesk endpoint:
 *
 * <pre>{@code
 * {"event":"reply",
 *  "conversation":{"id":"c-1","businessId":"acme","businessNumber":"+15550001111","caller":"+15551234567",
 *                  "callId":"CA123","status":"open","openedAt":"2025-03-04T14:02:00Z",
 *                  "awaitingSince":"2025-03-04T14:05:00Z"},
 *  "message":{"id":"m-7","body":"Yes, tomorrow works","at":"2025-03-04T14:05:00Z","mediaUrls":[]}}
 * }</pre>
 *
 * <p>Requests carry {@code X-Textback-Timestamp} and {@code X-Textback-Signature}; receivers check them with
 * {@link CrmWebhookSignature#verify}. Any 2xx counts as delivered. Connection failures, 429 and 5xx are
 * retried with exponential backoff (500 ms, then 1 s, ... by default); other statuses fail at once. A 5xx
 * may come after the receiver stored the reply, so receivers should ignore a {@code message.id} they
 * already have.
 *
 * <p>{@link #route} blocks the calling thread (the engine's router executor) while it posts and waits.
 * Thread-safe.
 *
 * <pre>{@code
 * ReplyRouter crm = CrmWebhookRouter.builder()
 *     .url("https://crm.example.com/hooks/textback")
 *     .secret(System.getenv("TEXTBACK_WEBHOOK_SECRET"))
 *     .build();
 * }</pre>
 */
public final class CrmWebhookRouter implements ReplyRouter {
  private final SignedWebhookPoster poster;

  private CrmWebhookRouter(SignedWebhookPoster poster) {
    this.poster = poster;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Posts the reply.
   *
   * @throws WebhookDeliveryException when the receiver did not accept it after the configured attempts
   */
  @Override
  public void route(RoutedReply reply) {
    Objects.requireNonNull(reply, "reply == null");
    poster.post(WebhookPayloads.reply(reply.conversation(), reply.message()));
  }

  @Override
  public String toString() {
    return "CrmWebhookRouter[" + poster.destination() + "]";
  }

  /** Builds a {@link CrmWebhookRouter}. {@link #url} and {@link #secret} are required. Not thread-safe. */
  public static final class Builder {
    private final WebhookSettings settings = new WebhookSettings();

    private Builder() {}

    /** The http or https URL to post to. */
    public Builder url(String url) {
      settings.url(url);
      return this;
    }

    /** The shared secret that signs each request; keep it out of source control. */
    public Builder secret(String secret) {
      settings.secret(secret);
      return this;
    }

    /**
     * The client to derive from with {@link OkHttpClient#newBuilder()}, sharing its connection pool and
     * dispatcher. Default: one client shared by all webhooks.
     */
    public Builder client(OkHttpClient client) {
      settings.client(client);
      return this;
    }

    /** Requests per reply, including the first (default 3; 1 means no retry). */
    public Builder maxAttempts(int maxAttempts) {
      settings.maxAttempts(maxAttempts);
      return this;
    }

    /** The wait before the first retry; each further wait doubles, up to one minute (default 500 ms). */
    public Builder initialBackoff(Duration backoff) {
      settings.initialBackoff(backoff);
      return this;
    }

    /** Limit for one whole request, connecting to reading the answer (default 10 s). */
    public Builder timeout(Duration timeout) {
      settings.timeout(timeout);
      return this;
    }

    /** The clock for the signed timestamp (default the system clock). */
    public Builder clock(Clock clock) {
      settings.clock(clock);
      return this;
    }

    /** @throws IllegalStateException when the URL or the secret is missing */
    public CrmWebhookRouter build() {
      return new CrmWebhookRouter(settings.newPoster("CRM webhook"));
    }
  }
}
