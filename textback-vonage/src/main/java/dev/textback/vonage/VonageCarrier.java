package dev.textback.vonage;

import dev.textback.carrier.Carrier;
import dev.textback.carrier.CarrierContext;
import dev.textback.carrier.CarrierWebhooks;
import dev.textback.phone.CarrierId;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * Vonage as one piece for {@code TextBack.builder().carrier(...)}: the SMS gateway and the Voice, Messages and
 * SMS API webhooks, both from one {@link VonageConfig}. Immutable and thread-safe.
 *
 * <pre>{@code
 * VonageCarrier vonage = VonageCarrier.create(VonageConfig.from(System::getenv));
 * TextBack engine = TextBack.builder().businesses(...).store(...).carrier(vonage).build();
 * engine.webhooks(VonageCarrier.ID).byPath(); // "/webhooks/vonage/answer" -> endpoint, ...
 * }</pre>
 */
public final class VonageCarrier implements Carrier, AutoCloseable {
  /** Vonage's carrier id: {@code vonage}, also the segment of its webhook paths. */
  public static final CarrierId ID = CarrierId.of("vonage");

  private final VonageConfig config;
  private final VonageSmsGateway gateway;

  private VonageCarrier(VonageConfig config, VonageSmsGateway gateway) {
    this.config = config;
    this.gateway = gateway;
  }

  /**
   * Vonage with a gateway that owns its HTTP client ({@link #close()} releases it).
   *
   * @param config the adapter's settings
   * @return the carrier
   */
  public static VonageCarrier create(VonageConfig config) {
    return new VonageCarrier(Objects.requireNonNull(config, "config == null"), VonageSmsGateway.create(config));
  }

  /**
   * Vonage with a gateway that owns its HTTP client ({@link #close()} releases it), whose pool keeps a connection for
   * each of {@code concurrentSends} sends.
   *
   * @param config the adapter's settings
   * @param concurrentSends how many sends run at once (give the engine's {@code sendConcurrency}), at least 1
   * @return the carrier
   * @throws IllegalArgumentException when {@code concurrentSends} is below 1
   */
  public static VonageCarrier create(VonageConfig config, int concurrentSends) {
    return new VonageCarrier(Objects.requireNonNull(config, "config == null"),
        VonageSmsGateway.create(config, concurrentSends));
  }

  /**
   * Vonage sending through {@code client}'s connection pool and dispatcher, with the configured timeouts.
   *
   * @param config the adapter's settings
   * @param client the application's HTTP client
   * @return the carrier
   */
  public static VonageCarrier create(VonageConfig config, OkHttpClient client) {
    return new VonageCarrier(Objects.requireNonNull(config, "config == null"), VonageSmsGateway.create(config, client));
  }

  @Override
  public CarrierId id() {
    return ID;
  }

  /** @return the settings this carrier was made from */
  public VonageConfig config() {
    return config;
  }

  @Override
  public VonageSmsGateway gateway() {
    return gateway;
  }

  @Override
  public CarrierWebhooks webhooks(CarrierContext context) {
    return new VonageWebhooks(config, context);
  }

  /** Releases the gateway's own HTTP client, if it created one. */
  @Override
  public void close() {
    gateway.close();
  }
}
