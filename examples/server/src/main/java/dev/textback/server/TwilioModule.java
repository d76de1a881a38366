package dev.textback.server;

import dev.textback.carrier.Carrier;
import dev.textback.phone.CarrierId;
import dev.textback.twilio.TwilioCarrier;
import dev.textback.twilio.TwilioConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Serves Twilio when TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set. */
final class TwilioModule implements CarrierModule {
  @Override
  public CarrierId id() {
    return TwilioCarrier.ID;
  }

  @Override
  public List<String> credentials() {
    return List.of(TwilioConfig.ACCOUNT_SID, TwilioConfig.AUTH_TOKEN);
  }

  @Override
  public Optional<Carrier> carrier(Settings settings) {
    Map<String, String> env = new HashMap<>(settings.env());
    // Neither credential: Twilio is simply not used. One of them: a mistake, reported by the variable's name
    // ("TWILIO_AUTH_TOKEN is missing") rather than silently leaving Twilio out.
    if (isBlank(env.get(TwilioConfig.ACCOUNT_SID)) && isBlank(env.get(TwilioConfig.AUTH_TOKEN))) {
      return Optional.empty();
    }
    if (settings.publicUrl() != null) env.putIfAbsent(TwilioConfig.PUBLIC_BASE_URL, settings.publicUrl());
    try {
      return Optional.of(TwilioCarrier.create(TwilioConfig.from(env::get),
          Settings.sendConcurrency(settings.env())));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Twilio settings: " + e.getMessage());
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
