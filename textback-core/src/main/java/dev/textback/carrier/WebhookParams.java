package dev.textback.carrier;

import dev.textback.webhook.MalformedWebhookException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parameters of one webhook (form fields, or the query of a GET), read by name. Carriers add parameters
 * without notice, so anything not asked for is ignored. Immutable.
 */
public final class WebhookParams {
  private static final WebhookParams EMPTY = new WebhookParams(Map.of());

  private final Map<String, List<String>> values;

  private WebhookParams(Map<String, List<String>> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Parameters from decoded name to values, in the order received. */
  public static WebhookParams of(Map<String, List<String>> values) {
    return new WebhookParams(Objects.requireNonNull(values, "values == null"));
  }

  public static WebhookParams empty() {
    return EMPTY;
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

  /**
   * A carrier's id of a call or message: letters, digits and {@code . _ : -}, at most {@value #MAX_ID_LENGTH}
   * characters, so it fits where the store keeps it and is safe in a log line.
   *
   * @throws MalformedWebhookException naming the parameter when it is absent, blank or not such an id
   */
  public String requireId(String name) {
    return checkId(name, require(name));
  }

  /** Longest id {@link #requireId} accepts; carriers' ids are 32 to 40 characters. */
  public static final int MAX_ID_LENGTH = 128;

  /** @throws MalformedWebhookException when {@code value} is not an id as {@link #requireId} describes */
  public static String checkId(String name, String value) {
    if (value.length() > MAX_ID_LENGTH) {
      throw new MalformedWebhookException(name + " is longer than " + MAX_ID_LENGTH + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '.' || c == '_' || c == ':' || c == '-';
      if (!ok) throw new MalformedWebhookException(name + " has a character an id cannot have");
    }
    return value;
  }

  /** A whole number, when present. @throws MalformedWebhookException when it is not one */
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

  /** Every parameter with all its values. */
  public Map<String, List<String>> asMap() {
    return values;
  }
}
