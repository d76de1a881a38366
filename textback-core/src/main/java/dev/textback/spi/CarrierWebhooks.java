package dev.textback.spi;

import dev.textback.webhook.WebhookEndpoint;
import java.util.Map;

/**
 * A carrier adapter's webhook routes, so a host mounts every carrier the same way:
 * {@code /webhooks/{carrier()}/{route}} for each entry of {@link #endpoints()}.
 */
public interface CarrierWebhooks {
  /** Carrier name in lower case. */
  String carrier();

  /** Route name (relative path, e.g. {@code voice/dial}) to endpoint. */
  Map<String, WebhookEndpoint> endpoints();
}
