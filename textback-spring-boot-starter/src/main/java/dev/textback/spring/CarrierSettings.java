package dev.textback.spring;

import java.util.Comparator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carrier configs read settings by environment-style keys ({@code TWILIO_AUTH_TOKEN}); in Spring they come from
 * properties ({@code textback.twilio.auth-token}). This puts the property names in their error messages. A new
 * carrier's configuration reuses it with its own key-to-property map.
 */
final class CarrierSettings {
  private CarrierSettings() {}

  /**
   * {@code message} with every whole-word occurrence of a key of {@code propertyByName} (a setting key such as
   * {@code TWILIO_AUTH_TOKEN} or a builder field such as {@code authToken}) replaced by its property name.
   */
  static String renamed(String message, Map<String, String> propertyByName) {
    String alternatives = String.join("|", propertyByName.keySet().stream()
        .sorted(Comparator.comparingInt(String::length).reversed()).map(Pattern::quote).toList());
    Matcher m = Pattern.compile("\\b(" + alternatives + ")\\b").matcher(message);
    return m.replaceAll(r -> Matcher.quoteReplacement(propertyByName.get(r.group(1))));
  }
}
