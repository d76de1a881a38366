package dev.textback.spring;

import java.util.Comparator;
import java.util.Map;

/**
 * Carrier configs read settings by environment-style keys ({@code TWILIO_AUTH_TOKEN}); in Spring they come from
 * properties ({@code textback.twilio.auth-token}). This puts the property names in their error messages. A new
 * carrier's configuration reuses it with its own key-to-property map.
 */
final class CarrierSettings {
  private CarrierSettings() {}

  /** {@code message} with every key of {@code propertyByKey} replaced by its property name, longest keys first. */
  static String renamed(String message, Map<String, String> propertyByKey) {
    String out = message;
    for (String key : propertyByKey.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed())
        .toList()) {
      out = out.replace(key, propertyByKey.get(key));
    }
    return out;
  }
}
