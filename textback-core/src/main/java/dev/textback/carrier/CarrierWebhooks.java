package dev.textback.carrier;

import dev.textback.phone.CarrierId;
import dev.textback.webhook.WebhookEndpoint;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A carrier adapter's webhook routes, so a host mounts every carrier the same way: each entry of
 * {@link #endpoints()} at {@code /webhooks/{carrier}/{route}} ({@link #byPath()} spells the paths out). Built
 * by {@link WebhookPipeline}, so every route refuses bad input the same way.
 */
public interface CarrierWebhooks {
  /** Where every carrier's routes live: {@code /webhooks/{carrier name}/}. */
  String MOUNT = "/webhooks/";

  /** The carrier whose webhooks these are. */
  CarrierId carrier();

  /** Route name (relative path, e.g. {@code voice/dial}) to endpoint, in a stable order. */
  Map<String, WebhookEndpoint> endpoints();

  /** The path all routes sit under, without a trailing slash: {@code /webhooks/twilio}. */
  default String mountPath() {
    return mountPath(carrier());
  }

  /** Full path (e.g. {@code /webhooks/twilio/voice/dial}) to endpoint, for hosts that route by path. */
  default Map<String, WebhookEndpoint> byPath() {
    Map<String, WebhookEndpoint> out = new LinkedHashMap<>();
    endpoints().forEach((route, endpoint) -> out.put(mountPath() + "/" + route, endpoint));
    return out;
  }

  /** The path the routes of {@code carrier} sit under, without a trailing slash. */
  static String mountPath(CarrierId carrier) {
    return MOUNT + carrier.name();
  }
}
