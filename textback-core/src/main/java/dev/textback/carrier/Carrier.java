package dev.textback.carrier;

import dev.textback.phone.CarrierId;
import dev.textback.spi.SmsGateway;

/**
 * One carrier, both halves: the gateway the engine sends through and the webhooks the carrier calls. Hand it
 * to {@code TextBack.builder().carrier(...)}; the engine registers the gateway and, once built, creates the
 * webhooks with itself as their {@link CarrierContext}, so there is no build order to get right.
 * Implementations are immutable and thread-safe.
 */
public interface Carrier {
  /** Which carrier this is; every call, text and receipt its webhooks report carries the same id. */
  CarrierId id();

  /** The gateway for texts to callers of this carrier's numbers; {@link SmsGateway#carrier()} equals {@link #id()}. */
  SmsGateway gateway();

  /**
   * The carrier's webhooks, talking to the engine only through {@code context}. Called once per engine, at
   * build time; the endpoints must not call {@code context} before a request arrives.
   */
  CarrierWebhooks webhooks(CarrierContext context);
}
