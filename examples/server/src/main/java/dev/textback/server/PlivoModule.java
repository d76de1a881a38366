package dev.textback.server;

import dev.textback.carrier.Carrier;
import dev.textback.phone.CarrierId;
import dev.textback.plivo.PlivoCarrier;
import dev.textback.plivo.PlivoConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves Plivo when PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN are set (PLIVO_API_BASE_URL points the sends at a fake API
 * in tests); every other PLIVO_* variable of {@link PlivoConfig} applies too.
 */
final class PlivoModule implements CarrierModule {
  @Override
  public CarrierId id() {
    return PlivoCarrier.ID;
  }

  @Override
  public List<String> credentials() {
    return List.of(PlivoConfig.AUTH_ID, PlivoConfig.AUTH_TOKEN);
  }

  @Override
  public Optional<Carrier> carrier(Settings settings) {
    Map<String, String> env = new HashMap<>(settings.env());
    if (!switchedOn(settings)) return Optional.empty();
    if (settings.publicUrl() != null) env.putIfAbsent(PlivoConfig.PUBLIC_BASE_URL, settings.publicUrl());
    try {
      return Optional.of(PlivoCarrier.create(PlivoConfig.from(env::get),
          Settings.sendConcurrency(settings.env())));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Plivo settings: " + e.getMessage());
    }
  }
}
