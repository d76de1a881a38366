package dev.textback.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The shape checks of {@link PhoneNumber}, {@link CarrierId} and the caller-ID compaction are loops; the regular
 * expressions they replaced, written out here, are the independent answer for any string, including those just
 * outside each shape (one character too many or too few, a letter, a neighbour of an allowed character).
 */
class ShapeCheckProperties {
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Pattern CARRIER_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Pattern FORMATTING = Pattern.compile("[\\s().\\-/\\u00A0]");
  private static final Pattern DIGITS = Pattern.compile("\\+?[0-9]+");

  @Property(tries = 5_000)
  void a_phone_number_is_accepted_exactly_when_the_e164_expression_matches(@ForAll("numberLike") String s) {
    if (E164.matcher(s).matches()) {
      assertThatCode(() -> PhoneNumber.of(s)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> PhoneNumber.of(s)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Property(tries = 5_000)
  void a_carrier_name_is_accepted_exactly_when_its_expression_matches(@ForAll("nameLike") String s) {
    if (CARRIER_NAME.matcher(s).matches()) {
      assertThat(CarrierId.of(s).name()).isEqualTo(s);
    } else {
      assertThatThrownBy(() -> CarrierId.of(s)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Property(tries = 5_000)
  void formatting_is_removed_as_the_expression_removes_it(@ForAll("formattedLike") String s) {
    String compact = PhoneNumbers.withoutFormatting(s);

    assertThat(compact).isEqualTo(FORMATTING.matcher(s).replaceAll(""));
    assertThat(PhoneNumbers.isDigits(compact)).isEqualTo(DIGITS.matcher(compact).matches());
  }

  @Provide
  Arbitrary<String> numberLike() {
    // Mostly "+" and digits at every length around the allowed 8 to 16 characters, so each boundary is tried often;
    // then one character changed to a neighbour of an allowed one ('/' and ':' around the digits, '*' and ',' around
    // '+'); and some strings of anything.
    Arbitrary<String> shaped = Arbitraries.strings().numeric().ofMinLength(4).ofMaxLength(17).map(d -> "+" + d);
    return Arbitraries.frequencyOf(
        Tuple.of(5, shaped),
        Tuple.of(3, mutated(shaped, '/', ':', '*', ',', 'a', ' ', '0')),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(18)));
  }

  @Provide
  Arbitrary<String> nameLike() {
    // Names of every length around the allowed 1 to 32, then one character changed to a neighbour of an allowed
    // one: '`' and '{' around a-z, '/' and ':' around 0-9, ',' and '.' around '-', and upper case.
    Arbitrary<String> shaped = Combinators.combine(Arbitraries.chars().range('a', 'z'),
            Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-').ofMaxLength(33))
        .as((first, rest) -> first + rest);
    return Arbitraries.frequencyOf(
        Tuple.of(5, shaped),
        Tuple.of(4, mutated(shaped, '`', '{', '/', ':', ',', '.', 'A', 'Z', '_', '-', '0')),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(34)));
  }

  /** {@code base} with the character at one position replaced by one of {@code chars}. */
  private static Arbitrary<String> mutated(Arbitrary<String> base, char... chars) {
    return Combinators.combine(base.filter(s -> !s.isEmpty()), Arbitraries.integers().between(0, 40),
        Arbitraries.of(new String(chars).chars().mapToObj(c -> (char) c).toArray(Character[]::new)))
        .as((s, at, c) -> {
          int i = at % s.length();
          return s.substring(0, i) + c + s.substring(i + 1);
        });
  }

  @Provide
  Arbitrary<String> formattedLike() {
    // Every character the expression's \s covers (and its neighbours \b and \u000E), the other separators, and
    // characters that look like them but are not removed: \u2007 (figure space), \u2010 (hyphen), \u3000.
    return Arbitraries.strings().withChars("+0123456789").withChars(' ', '\t', '\n', '\u000B', '\f', '\r', '\b',
        '\u000E', '(', ')', '.', '-', '/', '\u00A0', '\u2007', '\u2010', '\u3000', 'x', ',').ofMinLength(0)
        .ofMaxLength(20);
  }
}
