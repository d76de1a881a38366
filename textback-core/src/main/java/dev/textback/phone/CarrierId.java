package dev.textback.phone;

import java.util.Objects;

/**
 * Which carrier a call, a text or a gateway belongs to. Each adapter publishes its own constant
 * ({@code TwilioCarrier.ID}), so application code never spells a carrier's name; the name itself appears
 * only on the wire (the {@code /webhooks/{name}/} mount path) and in storage.
 *
 * @param name lower-case letters, digits and dashes, starting with a letter, at most 32 characters
 */
public record CarrierId(String name) {
  public CarrierId {
    Objects.requireNonNull(name, "name == null");
    if (!isName(name)) {
      throw new IllegalArgumentException("carrier name must be lower-case letters, digits and dashes, starting "
          + "with a letter, at most 32 characters: " + name.replaceAll("\\p{Cntrl}", "?"));
    }
  }

  /** A lower-case letter, then up to 31 lower-case letters, digits and dashes; no matcher, as rows are read often. */
  private static boolean isName(String s) {
    int n = s.length();
    if (n < 1 || n > 32 || s.charAt(0) < 'a' || s.charAt(0) > 'z') return false;
    for (int i = 1; i < n; i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    return true;
  }

  /** The carrier named {@code name}, as stored or as it appears in a webhook path. */
  public static CarrierId of(String name) {
    return new CarrierId(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
