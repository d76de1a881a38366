package dev.textback.phone;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A telephone number in E.164 form ({@code +} then 7 to 15 digits). Immutable and comparable.
 * {@link #toString()} masks the middle digits so a number logged by accident is not exposed; use
 * {@link #e164()} where the full number is needed (sending, storage).
 *
 * <p>This type only checks the shape. Use {@link PhoneNumbers#parse} to interpret what a carrier sent.
 */
public record PhoneNumber(String e164) implements Comparable<PhoneNumber> {
  /** @throws IllegalArgumentException if {@code e164} is not in E.164 form */
  public PhoneNumber {
    Objects.requireNonNull(e164, "e164 == null");
    if (!isE164(e164)) {
      throw new IllegalArgumentException("not an E.164 number: " + mask(e164));
    }
  }

  /**
   * {@code +}, a digit 1 to 9, then 6 to 14 digits. Checked without a regular expression: a number is built each time
   * a stored row is read, and a matcher per number was a large share of what reading allocated.
   */
  private static boolean isE164(String s) {
    int n = s.length();
    if (n < 8 || n > 16 || s.charAt(0) != '+' || s.charAt(1) < '1' || s.charAt(1) > '9') return false;
    for (int i = 2; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }

  /** Same as the constructor; reads better at call sites. */
  public static PhoneNumber of(String e164) {
    return new PhoneNumber(e164);
  }

  /** The number with its middle digits hidden, e.g. {@code +1555***4567}; safe for logs. */
  public String masked() {
    return mask(e164);
  }

  /**
   * Masks any string that may hold a phone number: keeps the first 5 and last 4 characters of one of 12 or more
   * (so {@code +1} and ten digits keep the area code), the first and last 3 of one of 9 to 11, so a short number
   * still hides a third of it, and the first 2 of a shorter one; null gives "null".
   * Control characters among those kept (a caller ID is whatever the carrier sent) become {@code ?}, so a masked
   * value cannot start a forged log line.
   */
  public static String mask(@Nullable String raw) {
    if (raw == null) return "null";
    String masked;
    if (raw.length() <= 8) masked = raw.length() <= 4 ? "***" : raw.substring(0, 2) + "***";
    else if (raw.length() <= 11) masked = raw.substring(0, 3) + "***" + raw.substring(raw.length() - 3);
    else masked = raw.substring(0, 5) + "***" + raw.substring(raw.length() - 4);
    char[] chars = null;
    for (int i = 0; i < masked.length(); i++) {
      char c = masked.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        if (chars == null) chars = masked.toCharArray();
        chars[i] = '?';
      }
    }
    return chars == null ? masked : new String(chars);
  }

  @Override
  public int compareTo(PhoneNumber o) {
    return e164.compareTo(o.e164);
  }

  @Override
  public String toString() {
    return masked();
  }
}
