package dev.textback.server;

import dev.textback.carrier.Carrier;
import dev.textback.phone.CarrierId;
import java.util.List;
import java.util.Optional;

/**
 * One carrier the server knows how to serve: read its settings, give a {@link Carrier}. Adding a carrier to
 * the server is adding one of these to {@link TextbackServer#CARRIERS}; the engine then mounts its webhooks
 * under {@code /webhooks/<id>/} and the server says at start which carriers are mounted and which are not.
 */
interface CarrierModule {
  /** The carrier it serves. */
  CarrierId id();

  /** The environment variables that switch it on, for the start-up message. */
  List<String> credentials();

  /**
   * The carrier, when {@link #credentials()} are present in the settings.
   *
   * @throws ConfigException when credentials are present but unusable
   */
  Optional<Carrier> carrier(Settings settings);

  /** A carrier whose adapter is planned: listed at start with its routes, never mounted. */
  record Planned(String name, List<String> credentials, List<String> routes) {}
}
