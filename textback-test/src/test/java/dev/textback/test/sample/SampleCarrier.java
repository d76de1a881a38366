package dev.textback.test.sample;

import dev.textback.carrier.Carrier;
import dev.textback.carrier.CarrierContext;
import dev.textback.carrier.CarrierWebhooks;
import dev.textback.phone.CarrierId;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A made-up carrier with a JSON API, a timestamped HMAC-SHA256 signature header and numbers without a plus
 * sign: nothing like Twilio. It runs the carrier contract to show that the kit holds no single carrier's facts,
 * and, with {@link Defect}s switched on, that the kit catches what a careless adapter gets wrong.
 */
final class SampleCarrier implements Carrier, AutoCloseable {
  static final CarrierId ID = CarrierId.of("sample");

  /** Mistakes an adapter could make, each of which the carrier contract must catch. */
  enum Defect {
    /** The verifier lets a request without a signature through. */
    ACCEPTS_UNSIGNED,
    /** Each call webhook is taken for a new call, so a redelivered call is decided again. */
    NEW_CALL_ID_PER_WEBHOOK,
    /** The gateway tries again by itself when a send fails on the network. */
    RETRIES_IN_THE_GATEWAY,
    /** A body that is not JSON escapes as an engine failure (5xx) instead of a 400. */
    PARSE_ERRORS_AS_ENGINE_FAILURES,
    /** The receipt carries an id of the gateway's own making instead of the carrier's. */
    MADE_UP_MESSAGE_ID
  }

  private final String webhookSecret;
  private final Set<Defect> defects;
  private final SampleGateway gateway;

  SampleCarrier(String apiBaseUrl, String apiKey, Duration readTimeout, String webhookSecret,
      Set<Defect> defects) {
    this.webhookSecret = Objects.requireNonNull(webhookSecret, "webhookSecret == null");
    this.defects = defects.isEmpty() ? EnumSet.noneOf(Defect.class) : EnumSet.copyOf(defects);
    this.gateway = new SampleGateway(apiBaseUrl, apiKey, readTimeout, this.defects);
  }

  @Override
  public CarrierId id() {
    return ID;
  }

  @Override
  public SampleGateway gateway() {
    return gateway;
  }

  @Override
  public CarrierWebhooks webhooks(CarrierContext context) {
    return SampleWebhooks.create(webhookSecret, context, defects);
  }

  @Override
  public void close() {
    gateway.close();
  }
}
