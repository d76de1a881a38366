package dev.textback.twilio;

import dev.textback.carrier.Carrier;
import dev.textback.carrier.CarrierContext;
import dev.textback.carrier.CarrierWebhooks;
import dev.textback.phone.CarrierId;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * Twilio as one piece for {@code TextBack.builder().carrier(...)}: the Messages API gateway and the voice and
 * SMS webhooks, both from one {@link TwilioConfig}. Immutable and thread-safe.
 *
 * <pre>{@code
 * TwilioCarrier twilio = TwilioCarrier.create(TwilioConfig.from(System::getenv));
 * TextBack engine = TextBack.builder().businesses(...).store(...).carrier(twilio).build();
 * engine.webhooks(TwilioCarrier.ID).byPath(); // "/webhooks/twilio/voice" -> endpoint, ...
 * }</pre>
 */
public final class TwilioCarrier implements Carrier, AutoCloseable {
  /** Twilio's carrier id: {@code twilio}, also the segment of its webhook paths. */
  public static final CarrierId ID = CarrierId.of("twilio");

  private final TwilioConfig config;
  private final TwilioSmsGateway gateway;

  private TwilioCarrier(TwilioConfig config, TwilioSmsGateway gateway) {
    this.config = config;
    this.gateway = gateway;
  }

  /** Twilio with a gateway that owns its HTTP client ({@link #close()} releases it). */
  public static TwilioCarrier create(TwilioConfig config) {
    return new TwilioCarrier(Objects.requireNonNull(config, "config == null"), TwilioSmsGateway.create(config));
  }

  /**
   * Twilio with a gateway that owns its HTTP client, whose pool keeps a connection for each of
   * {@code concurrentSends} sends: give the engine's {@code sendConcurrency}.
   *
   * @throws IllegalArgumentException when {@code concurrentSends} is below 1
   */
  public static TwilioCarrier create(TwilioConfig config, int concurrentSends) {
    return new TwilioCarrier(Objects.requireNonNull(config, "config == null"),
        TwilioSmsGateway.create(config, concurrentSends));
  }

  /** Twilio sending through {@code client}'s connection pool and dispatcher, with the configured timeouts. */
  public static TwilioCarrier create(TwilioConfig config, OkHttpClient client) {
    return new TwilioCarrier(Objects.requireNonNull(config, "config == null"), TwilioSmsGateway.create(config, client));
  }

  @Override
  public CarrierId id() {
    return ID;
  }

  public TwilioConfig config() {
    return config;
  }

  @Override
  public TwilioSmsGateway gateway() {
    return gateway;
  }

  @Override
  public CarrierWebhooks webhooks(CarrierContext context) {
    return new TwilioWebhooks(config, context);
  }

  /** Releases the gateway's own HTTP client, if it created one. */
  @Override
  public void close() {
    gateway.close();
  }
}
