package dev.textback.reply;

import dev.textback.spi.Escalation;
import dev.textback.spi.EscalationNotifier;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * Posts each escalation as signed JSON to a URL of yours (a paging tool, a chat channel bridge, a CRM):
 *
 * <pre>{@code
 * {"event":"escalation",
 *  "conversation":{"id":"c-1","businessId":"acme","businessNumber":"+15550001111","caller":"+15551234567",
 *                  "callId":"CA123","status":"open","openedAt":"2025-03-04T14:02:00Z",
 *                  "awaitingSince":"2025-03-04T14:05:00Z"},
 *  "waitedSeconds":720,
 *  "lastReply":"Are you still there?"}
 * }</pre>
 *
 * <p>Signing, retries and failures work exactly as for {@link CrmWebhookRouter}; receivers check requests
 * with {@link CrmWebhookSignature#verify}. {@link #escalate} blocks the calling thread while it posts.
 * Thread-safe.
 */
public final class WebhookEscalationNotifier implements EscalationNotifier {
  private final SignedWebhookPoster poster;

  private WebhookEscalationNotifier(SignedWebhookPoster poster) {
    this.poster = poster;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Posts the escalation.
   *
   * @throws WebhookDeliveryException when the receiver did not accept it after the configured attempts
   */
  @Override
  public void escalate(Escalation escalation) {
    Objects.requireNonNull(escalation, "escalation == null");
    poster.post(WebhookPayloads.escalation(escalation.conversation(), escalation.waited(),
        escalation.lastReply()));
  }

  @Override
  public String toString() {
    return "WebhookEscalationNotifier[" + poster.destination() + "]";
  }

  /**
   * Builds a {@link WebhookEscalationNotifier}. {@link #url} and {@link #secret} are required. Not
   * thread-safe.
   */
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

    /** Requests per escalation, including the first (default 3; 1 means no retry). */
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
    public WebhookEscalationNotifier build() {
      return new WebhookEscalationNotifier(settings.newPoster("escalation webhook"));
    }
  }
}
