package dev.textback.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.textback.webhook.MalformedWebhookException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Reading carrier ids and numbers out of arbitrary parameters: a value, or a {@link MalformedWebhookException}
 * naming the parameter (a 400), never another exception and never an id that would not fit the store or a log
 * line.
 */
class WebhookParamsProperties {
  /** What {@link WebhookParams#requireId} documents: letters, digits and {@code . _ : -}, at most 128 of them. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{0,128}");
  private static final Pattern ASCII_INTEGER = Pattern.compile("[+-]?[0-9]+");

  @Property(tries = 10_000)
  void accepts_exactly_the_ids_it_documents(@ForAll("idLike") String value) {
    Throwable thrown = catchThrowable(() -> assertThat(WebhookParams.checkId("CallSid", value)).isEqualTo(value));

    if (ID.matcher(value).matches()) {
      assertThat(thrown).isNull();
    } else {
      assertThat(thrown).isInstanceOf(MalformedWebhookException.class).hasMessageStartingWith("CallSid ");
    }
  }

  @Property(tries = 10_000)
  void requires_an_id_that_is_present_and_well_formed(@ForAll("idLike") String value, @ForAll boolean present) {
    WebhookParams params = WebhookParams.of(present ? Map.of("MessageSid", List.of(value)) : Map.of());

    Throwable thrown = catchThrowable(() -> params.requireId("MessageSid"));

    if (!present || value.isBlank()) {
      assertThat(thrown).isInstanceOf(MalformedWebhookException.class).hasMessage("missing parameter MessageSid");
    } else if (ID.matcher(value).matches()) {
      assertThat(thrown).isNull();
    } else {
      assertThat(thrown).isInstanceOf(MalformedWebhookException.class).hasMessageStartingWith("MessageSid ");
    }
  }

  @Property(tries = 10_000)
  void reads_a_whole_number_or_names_the_parameter_that_is_not_one(@ForAll("numberLike") String value) {
    WebhookParams params = WebhookParams.of(Map.of("CallDuration", List.of(value)));

    Optional<Integer> read;
    try {
      read = params.integer("CallDuration");
    } catch (MalformedWebhookException e) {
      assertThat(e).hasMessage("CallDuration is not a number");
      String trimmed = value.trim();
      boolean fitsAnInt = ASCII_INTEGER.matcher(trimmed).matches() && fitsAnInt(trimmed);
      assertThat(fitsAnInt).as("refused %s", value).isFalse();
      return;
    }
    if (value.isBlank()) {
      assertThat(read).isEmpty();
    } else if (ASCII_INTEGER.matcher(value.trim()).matches()) {
      assertThat(read).contains(new BigInteger(value.trim()).intValueExact());
    } else {
      // Java also reads digits of other scripts ("٣" is 3); anything read must at least have had a digit.
      assertThat(value.chars().anyMatch(Character::isDigit)).as("read %s from %s", read, value).isTrue();
    }
  }

  private static boolean fitsAnInt(String digits) {
    BigInteger n = new BigInteger(digits);
    return n.bitLength() < 32;
  }

  // Generators

  /** Mostly id characters, often a real-looking id, lengths around the 128 limit, and anything else now and then. */
  @Provide
  Arbitrary<String> idLike() {
    Arbitrary<String> idChars = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
        .withCharRange('0', '9').withChars("._:-").ofMaxLength(140);
    Arbitrary<String> aroundLimit = Arbitraries.integers().between(120, 135).map(n -> "CA" + "f".repeat(n - 2));
    Arbitrary<String> odd = Arbitraries.strings()
        .withChars("CA01 \t\r\n/\\+%<>\"'\u0000\u00e9\u0661\u212a\ud83d\ude00\ud800\u2028\u00a0").ofMaxLength(40);
    Arbitrary<String> huge = Arbitraries.integers().between(129, 6_000).map("1"::repeat).withoutEdgeCases();
    return Arbitraries.frequencyOf(Tuple.of(6, idChars), Tuple.of(2, aroundLimit), Tuple.of(4, odd), Tuple.of(1, huge),
        Tuple.of(1, Arbitraries.of("CA0123456789abcdef0123456789abcdef", "SM5ef8732a3c49700934481addd5ce1659",
            "", " ", "\t")));
  }

  /** Numbers as carriers write them, and everything near: signs, spaces, overflow, decimals, other digits. */
  @Provide
  Arbitrary<String> numberLike() {
    Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789+- \t.eE,x\u0663\u0967\uff11")
        .ofMaxLength(14);
    Arbitrary<String> numbers = Arbitraries.longs().map(String::valueOf);
    Arbitrary<String> edges = Arbitraries.of("2147483647", "2147483648", "-2147483648", "-2147483649", " 12 ",
        "+7", "0x10", "1e3", "", " ", "٣", "١٢");
    return Arbitraries.frequencyOf(Tuple.of(4, digits), Tuple.of(2, numbers), Tuple.of(1, edges));
  }
}
