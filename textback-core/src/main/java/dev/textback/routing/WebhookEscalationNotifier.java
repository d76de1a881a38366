package dev.textback.routing;

import dev.textback.spi.Escalation;
import dev.textback.spi.EscalationNotifier;
import java.util.Objects;

/**
 * Posts each escalation as signed JSON to a URL of yours (a paging tool, a chat channel bridge, a CRM):
 *
 * <pre>{@code
 * {"event":"escalation",
 *  "id":"rt_3f2a...",
 *  "possibleDuplicate":false,
 *  "conversation":{"id":"c-1","businessId":"acme","businessNumber":"+15550001111","caller":"+15551234567",
 *                  "callId":"CA123","status":"open","openedAt":"2025-03-04T14:02:00Z",
 *                  "awaitingSince":"2025-03-04T14:05:00Z"},
 *  "waitedSeconds":720,
 *  "lastReply":"Are you still there?"}
 * }</pre>
 *
 * <p>Signing, retries and failures work exactly as for {@link CrmWebhookRouter}; receivers check requests
 * with {@link CrmWebhookSignature#verify}, and ignore an {@code id} they already have (it is the same on every
 * delivery of one escalation). {@link #escalate} blocks the calling thread while it posts.
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
    poster.post(attempt -> WebhookPayloads.escalation(escalation.id(), escalation.conversation(),
        escalation.waited(), escalation.lastReply(), escalation.possibleDuplicate() || attempt > 1));
  }

  @Override
  public String toString() {
    return "WebhookEscalationNotifier[" + poster.destination() + "]";
  }

  /**
   * Builds a {@link WebhookEscalationNotifier}. {@link #url} and {@link #secret} are required. Not
   * thread-safe.
   */
  public static final class Builder extends SignedWebhookBuilder<Builder> {
    private Builder() {}

    /** @throws IllegalStateException when the URL or the secret is missing */
    public WebhookEscalationNotifier build() {
      return new WebhookEscalationNotifier(poster("escalation webhook"));
    }
  }
}
