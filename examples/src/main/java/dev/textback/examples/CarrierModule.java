package dev.textback.examples;

import dev.textback.TextBack;
import dev.textback.spi.CarrierWebhooks;
import dev.textback.spi.SmsGateway;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One carrier the server knows how to serve. Adding a carrier to the server is adding one of these to
 * {@link TextbackServer#CARRIERS}: the server mounts its webhooks under {@code /webhooks/<name>/} when its
 * credentials are present, and says at start which carriers are mounted and which are not.
 */
interface CarrierModule {
  /** Carrier name, lower case; also the path segment of its webhooks. */
  String name();

  /** The environment variables that switch it on, for the start-up message. */
  List<String> credentials();

  /**
   * Its gateway and webhooks, when {@link #credentials()} are present in the environment.
   *
   * @throws ConfigException when credentials are present but unusable
   */
  Optional<Mounted> mount(Settings settings);

  /** A mounted carrier: the gateway the engine sends through, and its webhooks once the engine exists. */
  record Mounted(SmsGateway gateway, Function<TextBack, CarrierWebhooks> webhooks) {}

  /** A carrier whose adapter is planned: listed at start with its routes, never mounted. */
  record Planned(String name, List<String> credentials, List<String> routes) {}
}
