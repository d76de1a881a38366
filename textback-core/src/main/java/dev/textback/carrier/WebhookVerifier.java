package dev.textback.carrier;

import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookVerificationException;
import java.time.Instant;

/**
 * Checks that a webhook comes from the carrier: its signature over the exact bytes and URL received, with
 * the engine's clock for schemes that are time-bound (signed tokens, nonces). Runs before anything parses
 * the request. Implementations are immutable and thread-safe, and compare secrets in constant time.
 */
@FunctionalInterface
public interface WebhookVerifier {
  /**
   * @param now the engine's clock, for time-bound signatures
   * @throws WebhookVerificationException when the signature is missing or wrong (answered 403)
   * @throws MalformedWebhookException when the request is too broken to check (answered 400)
   */
  void verify(WebhookRequest request, Instant now);
}
