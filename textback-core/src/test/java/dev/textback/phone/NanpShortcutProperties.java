package dev.textback.phone;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The shortcut {@link PhoneNumbers#parse} takes for {@code +1} and ten digits must give exactly what
 * libphonenumber's own parser gives, whatever the default region: the same parsed number and the same caller ID
 * (kind, number, line type, reason). libphonenumber is the independent answer here.
 */
class NanpShortcutProperties {
  private static final String[] REGIONS = {"US", "CA", "BS", "PR", "JM", "GB", "DE", "MX", "IN", "ZZ"};

  @Property(tries = 3_000)
  void the_shortcut_parses_exactly_as_libphonenumber(@ForAll("nanpE164") String number,
      @ForAll("regions") String region) throws Exception {
    assertThat(PhoneNumbers.isNanpE164(number)).isTrue();
    Phonenumber.PhoneNumber byLibrary = PhoneNumberUtil.getInstance().parse(number, region);

    assertThat(PhoneNumbers.nanp(number).exactlySameAs(byLibrary))
        .as("%s with default region %s: library gave %s", number, region, byLibrary)
        .isTrue();
  }

  @Property(tries = 3_000)
  void caller_ids_are_the_same_with_and_without_the_shortcut(@ForAll("nanpE164") String number,
      @ForAll("regions") String region) {
    assertThat(PhoneNumbers.parse(number, region, true)).isEqualTo(PhoneNumbers.parse(number, region, false));
  }

  @Property(tries = 3_000)
  void formatted_numbers_give_the_same_caller_id_with_and_without_the_shortcut(@ForAll("formatted") String raw,
      @ForAll("regions") String region) {
    assertThat(PhoneNumbers.parse(raw, region, true)).isEqualTo(PhoneNumbers.parse(raw, region, false));
  }

  @Property(tries = 2_000)
  void numbers_outside_its_shape_are_not_taken_for_it(@ForAll("nearMisses") String raw) {
    assertThat(PhoneNumbers.isNanpE164(raw)).isFalse();
  }

  @Provide
  Arbitrary<String> nanpE164() {
    // Every area code and exchange shape, valid or not: toll-free, 555, N11, unassigned areas, Caribbean ones.
    return Combinators.combine(Arbitraries.integers().between(2, 9), Arbitraries.strings().numeric().ofLength(9))
        .as((first, rest) -> "+1" + first + rest);
  }

  /**
   * A +1 number with separators people and carriers write between its characters: the ones libphonenumber reads as
   * formatting, and tabs, line breaks and form feeds, which it refuses; sometimes padded past its 250-character limit.
   */
  @Provide
  Arbitrary<String> formatted() {
    Arbitrary<String> separator = Arbitraries.of("", "", "", " ", "-", ".", "/", "(", ")", "\u00A0", "\t", "\n", "\r",
        "\f", "\u000B", "  ");
    return Combinators.combine(nanpE164(), separator.list().ofSize(12), Arbitraries.integers().between(0, 300))
        .as((number, separators, padding) -> {
          StringBuilder raw = new StringBuilder();
          for (int i = 0; i < number.length(); i++) {
            raw.append(number.charAt(i)).append(separators.get(i));
            if (i == 1 && padding > 240) raw.append(" ".repeat(padding));
          }
          return raw.toString();
        });
  }

  @Provide
  Arbitrary<String> regions() {
    return Arbitraries.of(REGIONS);
  }

  @Provide
  Arbitrary<String> nearMisses() {
    return Arbitraries.oneOf(
        // A first digit of 0 or 1, one digit short or long, no plus, another country code.
        Combinators.combine(Arbitraries.integers().between(0, 1), Arbitraries.strings().numeric().ofLength(9))
            .as((first, rest) -> "+1" + first + rest),
        Arbitraries.strings().numeric().ofLength(9).map(d -> "+12" + d.substring(1)),
        Arbitraries.strings().numeric().ofLength(10).map(d -> "+12" + d),
        Arbitraries.strings().numeric().ofLength(9).map(d -> "12" + d),
        Arbitraries.strings().numeric().ofLength(9).map(d -> "+44" + d));
  }
}
