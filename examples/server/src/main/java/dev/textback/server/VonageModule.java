package dev.textback.server;

import dev.textback.carrier.Carrier;
import dev.textback.phone.CarrierId;
import dev.textback.vonage.VonageCarrier;
import dev.textback.vonage.VonageConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves Vonage when VONAGE_API_KEY, VONAGE_API_SECRET and VONAGE_SIGNATURE_SECRET are set; VONAGE_APPLICATION_ID
 * with VONAGE_PRIVATE_KEY_PATH switches sends to application JWTs, VONAGE_API_BASE_URL replaces both API hosts.
 */
final class VonageModule implements CarrierModule {
  @Override
  public CarrierId id() {
    return VonageCarrier.ID;
  }

  @Override
  public List<String> credentials() {
    return List.of(VonageConfig.API_KEY, VonageConfig.API_SECRET, VonageConfig.SIGNATURE_SECRET);
  }

  @Override
  public Optional<Carrier> carrier(Settings settings) {
    Map<String, String> env = new HashMap<>(settings.env());
    if (!switchedOn(settings)) return Optional.empty();
    if (settings.publicUrl() != null) env.putIfAbsent(VonageConfig.PUBLIC_BASE_URL, settings.publicUrl());
    try {
      return Optional.of(VonageCarrier.create(VonageConfig.from(env::get),
          Settings.sendConcurrency(settings.env())));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Vonage settings: " + e.getMessage());
    }
  }
}
