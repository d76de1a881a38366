package dev.textback.webhook;

/**
 * One webhook route of a carrier adapter. Implementations verify, parse, hand the result to the engine and
 * answer at once; they never throw for bad input (403 or 400 instead) and never wait on a carrier.
 */
@FunctionalInterface
public interface WebhookEndpoint {
  WebhookResponse handle(WebhookRequest request);
}
