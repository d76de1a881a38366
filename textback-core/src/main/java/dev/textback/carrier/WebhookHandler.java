package dev.textback.carrier;

import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookResponse;

/**
 * One route's carrier-specific work, run by {@link WebhookPipeline} after the request passed its size limit
 * and signature check: map the carrier's payload to core's values, hand them to the engine, and answer in the
 * carrier's format (TwiML, NCCO, Plivo XML).
 */
@FunctionalInterface
public interface WebhookHandler {
  /**
   * @throws MalformedWebhookException when the payload cannot be understood (answered 400 with the reason)
   * @throws RuntimeException when the engine or its store failed (answered with the route's failure response)
   */
  WebhookResponse handle(WebhookCall call);
}
