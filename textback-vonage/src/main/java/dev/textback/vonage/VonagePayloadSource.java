package dev.textback.vonage;

import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookVerificationException;

/**
 * Where a Vonage webhook's payload is, decided once for both the signature check and the payload mapper, so
 * the bytes a signature covers are always the bytes that are read. Vonage sends its webhooks as a POST (the
 * payload is the body) or as a GET without a body (the payload is the query). Any other shape (a GET with a
 * body, a PUT, a DELETE…) is refused as unverified: a token captured from one request, whose
 * {@code payload_hash} covers its body, must not vouch for a query an attacker wrote next to that body.
 */
enum VonagePayloadSource {
  /** A POST: the signature covers the raw body, and the parameters are read from it. */
  BODY,
  /** A GET without a body: the signature covers the query as compact JSON, and the parameters are its query. */
  QUERY;

  /**
   * The source of {@code request}'s payload.
   *
   * @throws WebhookVerificationException (answered 403) for any other method, or a GET with a body
   */
  static VonagePayloadSource of(WebhookRequest request) {
    String method = request.method();
    if (method.equals("POST")) return BODY;
    if (method.equals("GET") && request.bodyLength() == 0) return QUERY;
    String shown = method.matches("[A-Z]{1,10}") ? method : "an unknown method";
    throw new WebhookVerificationException("Vonage signs POST bodies and GET queries only; refused "
        + (method.equals("GET") ? "a GET with a body" : shown));
  }
}
