package dev.textback.business;

import dev.textback.phone.PhoneNumber;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One number of a business line. Texts to a caller always go out from the number the caller dialled.
 *
 * @param number the business number (SMS-capable at the carrier)
 * @param location a location label for {@code {location}}, or null
 * @param forwardTo the phone a call to this number rings (the carrier adapter forwards there), or null
 */
public record BusinessNumber(PhoneNumber number, @Nullable String location, @Nullable PhoneNumber forwardTo) {
  public BusinessNumber {
    Objects.requireNonNull(number, "number == null");
  }

  public static BusinessNumber of(PhoneNumber number) {
    return new BusinessNumber(number, null, null);
  }

  public Optional<PhoneNumber> forwardingTarget() {
    return Optional.ofNullable(forwardTo);
  }
}
