package dev.textback.plivo;

import dev.textback.carrier.Carrier;
import dev.textback.carrier.CarrierContext;
import dev.textback.carrier.CarrierWebhooks;
import dev.textback.phone.CarrierId;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * Plivo as one piece for {@code TextBack.builder().carrier(...)}: the Send Message API gateway and the voice and
 * SMS webhooks, both from one {@link PlivoConfig}. Immutable and thread-safe.
 *
 * <pre>{@code
 * PlivoCarrier plivo = PlivoCarrier.create(PlivoConfig.from(System::getenv));
 * TextBack engine = TextBack.builder().businesses(...).store(...).carrier(plivo).build();
 * engine.webhooks(PlivoCarrier.ID).byPath(); // "/webhooks/plivo/answer" -> endpoint, ...
 * }</pre>
 */
public final class PlivoCarrier implements Carrier, AutoCloseable {
  /** Plivo's carrier id: {@code plivo}, also the segment of its webhook paths. */
  public static final CarrierId ID = CarrierId.of("plivo");

  private final PlivoConfig config;
  private final PlivoSmsGateway gateway;

  private PlivoCarrier(PlivoConfig config, PlivoSmsGateway gateway) {
    this.config = config;
    this.gateway = gateway;
  }

  /**
   * Plivo with a gateway that owns its HTTP client ({@link #close()} releases it).
   *
   * @param config the adapter's settings
   * @return the carrier
   */
  public static PlivoCarrier create(PlivoConfig config) {
    return new PlivoCarrier(Objects.requireNonNull(config, "config == null"), PlivoSmsGateway.create(config));
  }

  /**
   * Plivo with a gateway that owns its HTTP client ({@link #close()} releases it), whose pool keeps a connection for
   * each of {@code concurrentSends} sends.
   *
   * @param config the adapter's settings
   * @param concurrentSends how many sends run at once (give the engine's {@code sendConcurrency}), at least 1
   * @return the carrier
   * @throws IllegalArgumentException when {@code concurrentSends} is below 1
   */
  public static PlivoCarrier create(PlivoConfig config, int concurrentSends) {
    return new PlivoCarrier(Objects.requireNonNull(config, "config == null"),
        PlivoSmsGateway.create(config, concurrentSends));
  }

  /**
   * Plivo sending through {@code client}'s connection pool and dispatcher, with the configured timeouts.
   *
   * @param config the adapter's settings
   * @param client the application's HTTP client
   * @return the carrier
   */
  public static PlivoCarrier create(PlivoConfig config, OkHttpClient client) {
    return new PlivoCarrier(Objects.requireNonNull(config, "config == null"), PlivoSmsGateway.create(config, client));
  }

  @Override
  public CarrierId id() {
    return ID;
  }

  /**
   * The settings this carrier was made with.
   *
   * @return the configuration
   */
  public PlivoConfig config() {
    return config;
  }

  @Override
  public PlivoSmsGateway gateway() {
    return gateway;
  }

  @Override
  public CarrierWebhooks webhooks(CarrierContext context) {
    return new PlivoWebhooks(config, context);
  }

  /** Releases the gateway's own HTTP client, if it created one. */
  @Override
  public void close() {
    gateway.close();
  }
}
