package dev.textback.webhook;

import java.util.Objects;

/**
 * The HTTP answer to a carrier webhook, as plain values for the host framework to write out.
 *
 * @param status HTTP status
 * @param contentType media type of the body
 * @param body response body (may be empty)
 */
public record WebhookResponse(int status, String contentType, String body) {
  public WebhookResponse {
    Objects.requireNonNull(contentType, "contentType == null");
    Objects.requireNonNull(body, "body == null");
  }

  public static WebhookResponse ok(String contentType, String body) {
    return new WebhookResponse(200, contentType, body);
  }

  /** 403 for a missing or wrong signature; the body says nothing more, on purpose. */
  public static WebhookResponse forbidden() {
    return new WebhookResponse(403, "text/plain; charset=utf-8", "invalid signature\n");
  }

  /** 400 with a reason the sender can act on. */
  public static WebhookResponse badRequest(String reason) {
    return new WebhookResponse(400, "text/plain; charset=utf-8", reason + "\n");
  }
}
