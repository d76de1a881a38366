package dev.textback.phone;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Interprets caller IDs and numbers with libphonenumber. Thread-safe and stateless; all methods are
 * static because libphonenumber's own singletons already are.
 */
public final class PhoneNumbers {
  private PhoneNumbers() {}

  /**
   * Interprets what a carrier sent as a caller ID. Recognises withheld IDs (the words {@code anonymous},
   * {@code restricted}, {@code unknown}, {@code private}, {@code unavailable}, {@code blocked},
   * {@code withheld}, an empty value and the keypad spellings {@code +266696687}, {@code +7378742833},
   * {@code +86282452253}, {@code +2562533}, {@code +8656696}), short codes and invalid numbers.
   *
   * @param raw the carrier's value; null is treated as empty
   * @param defaultRegion ISO 3166 region used when {@code raw} has no country code, e.g. {@code "US"}
   * @return never null; never throws
   */
  public static CallerId parse(String raw, String defaultRegion) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Parses a number that must be valid, such as a business's own number in configuration.
   *
   * @throws IllegalArgumentException naming the value and why it is not usable
   */
  public static PhoneNumber require(String raw, String defaultRegion) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * The time zones libphonenumber associates with a number's prefix. Empty when unknown (invalid or
   * non-geographic numbers such as toll-free), so callers fall back to a zone of their own.
   */
  public static List<ZoneId> timeZones(PhoneNumber number) {
    throw new UnsupportedOperationException("TODO");
  }

  /** ISO 3166 region of a number (e.g. {@code "US"}, {@code "MX"}), when libphonenumber knows it. */
  public static Optional<String> region(PhoneNumber number) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The three-digit NANP area code of a {@code +1} number, if it is one. */
  public static Optional<String> nanpAreaCode(PhoneNumber number) {
    String e = number.e164();
    return e.startsWith("+1") && e.length() == 12 ? Optional.of(e.substring(2, 5)) : Optional.empty();
  }
}
