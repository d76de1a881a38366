package dev.textback.routing;

import dev.textback.phone.PhoneNumber;

/**
 * A phone number shortened for texts to the owner: enough to recognise a caller, not the whole number.
 * NANP numbers read {@code +1 555...4567} (area code, last four); others {@code +4479...3456} (first four
 * digits, last four), always hiding at least two digits.
 */
final class PartialNumber {
  private PartialNumber() {}

  static String of(PhoneNumber number) {
    String digits = number.e164().substring(1);
    if (digits.length() == 11 && digits.charAt(0) == '1') {
      return "+1 " + digits.substring(1, 4) + "..." + digits.substring(7);
    }
    int head = Math.min(4, digits.length() - 6);
    return "+" + digits.substring(0, head) + "..." + digits.substring(digits.length() - 4);
  }
}
