package dev.textback.phone;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which carrier a call, a text or a gateway belongs to. Each adapter publishes its own constant
 * ({@code TwilioCarrier.ID}), so application code never spells a carrier's name; the name itself appears
 * only on the wire (the {@code /webhooks/{name}/} mount path) and in storage.
 *
 * @param name lower-case letters, digits and dashes, starting with a letter, at most 32 characters
 */
public record CarrierId(String name) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  public CarrierId {
    Objects.requireNonNull(name, "name == null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("carrier name must be lower-case letters, digits and dashes, starting "
          + "with a letter, at most 32 characters: " + name.replaceAll("\\p{Cntrl}", "?"));
    }
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
