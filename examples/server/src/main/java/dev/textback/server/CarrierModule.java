package dev.textback.server;

import dev.textback.carrier.Carrier;
import dev.textback.phone.CarrierId;
import java.util.ArrayList;
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

  /**
   * Whether {@code settings} switch the carrier on: false when none of {@code credentials()} is set. Some but not
   * all is a mistake, reported with the missing variables rather than leaving the carrier out in silence (its
   * webhooks would then get 404).
   *
   * @throws ConfigException when only some are set
   */
  default boolean switchedOn(Settings settings) {
    List<String> missing = new ArrayList<>();
    for (String name : credentials()) {
      String value = settings.env().get(name);
      if (value == null || value.isBlank()) missing.add(name);
    }
    if (missing.isEmpty()) return true;
    if (missing.size() == credentials().size()) return false;
    throw new ConfigException(String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " missing: "
        + id() + " needs " + String.join(", ", credentials()));
  }
}
