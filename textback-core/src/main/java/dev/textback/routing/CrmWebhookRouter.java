package dev.textback.routing;

import dev.textback.spi.ReplyRouter;
import dev.textback.spi.RoutedReply;
import java.util.Objects;

/**
 * Posts each caller reply as signed JSON to a URL of yours, typically a CRM or helpdesk endpoint:
 *
 * <pre>{@code
 * {"event":"reply",
 *  "possibleDuplicate":false,
 *  "conversation":{"id":"c-1","businessId":"acme","businessNumber":"+15550001111","caller":"+15551234567",
 *                  "callId":"CA123","status":"open","openedAt":"2025-03-04T14:02:00Z",
 *                  "awaitingSince":"2025-03-04T14:05:00Z"},
 *  "message":{"id":"m-7","body":"Yes, tomorrow works","at":"2025-03-04T14:05:00Z","mediaUrls":[]}}
 * }</pre>
 *
 * <p>Requests carry {@code X-Textback-Timestamp} and {@code X-Textback-Signature}; receivers check them with
 * {@link CrmWebhookSignature#verify}. Any 2xx counts as delivered. A connection failure, 408, 429 or 5xx throws a
 * {@link WebhookDeliveryException} the engine retries later with its backoff (through the outbox, so the retry
 * survives a restart); any other status throws one it does not retry. By default each call makes one request;
 * {@link Builder#maxAttempts} adds quick retries inside the call. A reply is posted at least once: a 5xx may come
 * after the receiver stored it, and an engine that stopped mid-post leaves the reply to another. A repeat carries
 * the same {@code message.id} and {@code "possibleDuplicate":true}, so receivers should ignore a
 * {@code message.id} they already have.
 *
 * <p>{@link #route} blocks the calling thread (the engine's routing executor) while it posts and waits.
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
    // A quick retry repeats a request the receiver may have stored before it failed: flagged like any repeat.
    poster.post(attempt -> WebhookPayloads.reply(reply.conversation(), reply.message(),
        reply.possibleDuplicate() || attempt > 1));
  }

  @Override
  public String toString() {
    return "CrmWebhookRouter[" + poster.destination() + "]";
  }

  /** Builds a {@link CrmWebhookRouter}. {@link #url} and {@link #secret} are required. Not thread-safe. */
  public static final class Builder extends SignedWebhookBuilder<Builder> {
    private Builder() {}

    /** @throws IllegalStateException when the URL or the secret is missing */
    public CrmWebhookRouter build() {
      return new CrmWebhookRouter(poster("CRM webhook"));
    }
  }
}
