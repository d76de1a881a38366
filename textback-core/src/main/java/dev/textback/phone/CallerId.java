package dev.textback.phone;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a carrier reported as the caller, interpreted. Never throws for bad input: an unusable caller ID
 * is a {@link Kind} other than {@link Kind#VALID} with the reason in {@link #detail()}.
 *
 * @param raw the value as the carrier sent it (may be empty)
 * @param kind how the value was classified
 * @param number the parsed number, present only for {@link Kind#VALID}
 * @param lineType the line type of a valid number; {@link LineType#UNKNOWN} otherwise
 * @param detail a short human-readable reason, safe for logs (no full number)
 */
public record CallerId(String raw, Kind kind, @Nullable PhoneNumber number, LineType lineType, String detail) {

  /** Classification of a caller ID. */
  public enum Kind {
    VALID,
    /** Withheld: a word such as {@code anonymous}, an empty value, or a carrier's keypad spelling. */
    ANONYMOUS,
    /** A 3 to 6 digit short code. */
    SHORT_CODE,
    /** Not a number, or a number no numbering plan assigns. */
    INVALID
  }

  public CallerId {
    Objects.requireNonNull(raw, "raw == null");
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(lineType, "lineType == null");
    Objects.requireNonNull(detail, "detail == null");
    if ((kind == Kind.VALID) != (number != null)) {
      throw new IllegalArgumentException("number must be present exactly when kind is VALID");
    }
  }

  public static CallerId valid(String raw, PhoneNumber number, LineType lineType) {
    return new CallerId(raw, Kind.VALID, number, lineType, "valid " + lineType);
  }

  public static CallerId rejected(String raw, Kind kind, String detail) {
    return new CallerId(raw, kind, null, LineType.UNKNOWN, detail);
  }

  public boolean isValid() {
    return kind == Kind.VALID;
  }

  @Override
  public String toString() {
    return "CallerId[" + kind + (number != null ? " " + number.masked() : "") + ", " + lineType + "]";
  }
}
