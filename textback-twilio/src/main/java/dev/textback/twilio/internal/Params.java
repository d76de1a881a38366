package dev.textback.twilio.internal;

import dev.textback.webhook.MalformedWebhookException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parameters of one Twilio webhook (form fields, or query parameters of a GET), read by name. Twilio
 * adds parameters without notice, so anything not asked for is simply ignored. Immutable.
 */
public final class Params {
  private final Map<String, List<String>> values;

  private Params(Map<String, List<String>> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static Params of(Map<String, List<String>> values) {
    return new Params(Objects.requireNonNull(values, "values == null"));
  }

  public static Params empty() {
    return new Params(Map.of());
  }

  /** The first value of a parameter; empty when absent or blank. */
  public Optional<String> get(String name) {
    List<String> v = values.get(name);
    if (v == null || v.isEmpty() || v.get(0).isBlank()) return Optional.empty();
    return Optional.of(v.get(0));
  }

  /** @throws MalformedWebhookException naming the parameter when it is absent or blank */
  public String require(String name) {
    return get(name).orElseThrow(() -> new MalformedWebhookException("missing parameter " + name));
  }

  /** A non-negative whole number, when present. @throws MalformedWebhookException when not a number */
  public Optional<Integer> integer(String name) {
    Optional<String> v = get(name);
    if (v.isEmpty()) return Optional.empty();
    try {
      return Optional.of(Integer.parseInt(v.get().trim()));
    } catch (NumberFormatException e) {
      throw new MalformedWebhookException(name + " is not a number");
    }
  }

  /** Every parameter with its first value, in the order received. */
  public Map<String, String> firstValues() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (!v.isEmpty()) out.put(k, v.get(0));
    });
    return out;
  }

  public Map<String, List<String>> asMap() {
    return values;
  }
}
