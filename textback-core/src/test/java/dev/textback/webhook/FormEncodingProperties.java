package dev.textback.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link WebhookRequest#parseForm} on arbitrary text, as a body or a query string arrives from anyone: it
 * answers with the parameters or refuses with {@link MalformedWebhookException} (a 400), never with another
 * exception. What it decodes is compared with the form encoding as the WHATWG URL standard defines it.
 */
class FormEncodingProperties {

  @Property(tries = 10_000)
  void decodes_any_text_to_parameters_or_refuses_it_as_malformed(@ForAll("formish") String encoded) {
    Throwable thrown = catchThrowable(() -> WebhookRequest.parseForm(encoded));

    if (hasBrokenEscape(encoded)) {
      assertThat(thrown).as("%%-escape without two hex digits").isInstanceOf(MalformedWebhookException.class);
    } else if (everyEscapeIsTwoHexDigits(encoded)) {
      assertThat(thrown).as("well-formed input").isNull();
      if (!hasLoneSurrogate(encoded)) assertThat(WebhookRequest.parseForm(encoded)).isEqualTo(reference(encoded));
    } else {
      // Java's URLDecoder reads a few broken escapes leniently ("%+1", "%-0", non-ASCII digits): either answer is
      // fine, as long as it is one of the two.
      if (thrown != null) assertThat(thrown).isInstanceOf(MalformedWebhookException.class);
    }
  }

  /**
   * The decoder reads each pair in place instead of splitting the form and handing the pieces to {@link URLDecoder};
   * it must answer exactly as that did, leniencies included, and refuse exactly what that refused.
   */
  @Property(tries = 10_000)
  void decodes_and_refuses_exactly_as_the_jdk_url_decoder(@ForAll("formish") String encoded) {
    Map<String, List<String>> expected = null;
    try {
      expected = new LinkedHashMap<>();
      for (String pair : encoded.split("&")) {
        if (pair.isEmpty()) continue;
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        expected.computeIfAbsent(name, x -> new ArrayList<>()).add(value);
      }
    } catch (IllegalArgumentException refused) {
      expected = null;
    }

    Throwable thrown = catchThrowable(() -> WebhookRequest.parseForm(encoded));

    if (expected == null) {
      assertThat(thrown).isInstanceOf(MalformedWebhookException.class);
    } else {
      assertThat(thrown).isNull();
      assertThat(WebhookRequest.parseForm(encoded)).containsExactlyEntriesOf(expected);
    }
  }

  @Property(tries = 10_000)
  void gives_back_every_parameter_however_it_was_encoded(@ForAll("encodedParameters") EncodedForm form) {
    assertThat(WebhookRequest.parseForm(form.encoded())).isEqualTo(form.expected());
  }

  // What the input promises, read from the text alone.

  /**
   * A {@code %} in a name or value with fewer than two characters after it, or followed by plain ASCII that no
   * decoder reads as hex.
   */
  static boolean hasBrokenEscape(String encoded) {
    for (String segment : segments(encoded)) {
      for (int i = segment.indexOf('%'); i >= 0; i = segment.indexOf('%', i + 1)) {
        if (i + 2 >= segment.length()) return true;
        char first = segment.charAt(i + 1);
        char second = segment.charAt(i + 2);
        if (second < 0x80 && !isHex(second)) return true;
        if (first < 0x80 && !isHex(first) && first != '+' && first != '-') return true;
      }
    }
    return false;
  }

  static boolean everyEscapeIsTwoHexDigits(String encoded) {
    for (int i = encoded.indexOf('%'); i >= 0; i = encoded.indexOf('%', i + 1)) {
      if (i + 2 >= encoded.length() || !isHex(encoded.charAt(i + 1)) || !isHex(encoded.charAt(i + 2))) return false;
    }
    return true;
  }

  /** Names and values: the text between {@code &} and split at the first {@code =}. */
  private static List<String> segments(String encoded) {
    List<String> out = new ArrayList<>();
    for (String pair : encoded.split("&", -1)) {
      int eq = pair.indexOf('=');
      out.add(eq < 0 ? pair : pair.substring(0, eq));
      if (eq >= 0) out.add(pair.substring(eq + 1));
    }
    return out;
  }

  private static boolean isHex(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The WHATWG URL standard's {@code application/x-www-form-urlencoded} parser: split on {@code &}, then at the
   * first {@code =}; {@code +} is a space; percent-decode to bytes; decode those as UTF-8 with replacement.
   */
  static Map<String, List<String>> reference(String encoded) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String pair : encoded.split("&", -1)) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.computeIfAbsent(percentDecode(name), k -> new ArrayList<>()).add(percentDecode(value));
    }
    return out;
  }

  private static String percentDecode(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        bytes.write(HexFormat.fromHexDigits(s, i + 1, i + 3));
        i += 2;
      } else {
        int cp = s.codePointAt(i);
        bytes.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp) - 1;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  // Generators

  /** Text heavy in the characters form encoding gives meaning to, broken escapes, odd Unicode, and huge counts. */
  @Provide
  Arbitrary<String> formish() {
    // One flat choice per piece (repeats weigh it): nested generators cost more than the parsing under test.
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < 6; i++) pieces.add("%");
    for (int i = 0; i < 2; i++) pieces.addAll(List.of("&", "=", "+"));
    pieces.addAll(List.of("0123456789abcdefABCDEF".split("")));
    pieces.addAll(List.of("g", "z", "x", "Q", "-", ".", "~", "*", " ", "\t", "\r\n", "\u0000", "\u007f", "\u2028"));
    pieces.addAll(List.of("é", "€", "\u0663", "\u0660", "\uff21", "\uff46", "😀", "\ufeff", "\ufffd", "\ud800",
        "\udc00"));
    pieces.addAll(List.of("%C3%A9", "%E2%82", "%F0%9F%98%80", "%FF", "%c3", "%00", "%2B", "%26", "%3D"));
    Arbitrary<String> text = Arbitraries.of(pieces).list().ofMaxSize(60).map(p -> String.join("", p));
    Arbitrary<String> huge = Combinators.combine(Arbitraries.of("a=1&", "%41=%42&", "&", "=", "x", "x&"),
        Arbitraries.integers().between(1_000, 16_000)).as(String::repeat).withoutEdgeCases();
    return Arbitraries.frequencyOf(Tuple.of(300, text), Tuple.of(1, huge));
  }

  /** Parameters with arbitrary Unicode names and values, each character written plainly or percent-encoded. */
  @Provide
  Arbitrary<EncodedForm> encodedParameters() {
    Arbitrary<Encoded> part = Combinators.combine(codePoints().list().ofMaxSize(10), Arbitraries.longs())
        .as(Encoded::of);
    Arbitrary<EncodedForm> few = part.list().ofMaxSize(16).map(EncodedForm::of);
    Arbitrary<EncodedForm> many = Arbitraries.integers().between(1_000, 5_000).map(n -> {
      List<Encoded> parts = new ArrayList<>();
      for (int i = 0; i < n; i++) parts.addAll(List.of(new Encoded("n" + i % 7, "n" + i % 7), new Encoded("%41", "A")));
      return EncodedForm.of(parts);
    }).withoutEdgeCases();
    return Arbitraries.frequencyOf(Tuple.of(300, few), Tuple.of(1, many));
  }

  /**
   * Any Unicode scalar value, weighted toward ASCII and the characters form encoding reserves: one integer
   * mapped onto ranges, as one draw is cheaper than a choice among generators. Shrinks toward {@code a}.
   */
  static Arbitrary<Integer> codePoints() {
    return Arbitraries.integers().between(0, 999).map(FormEncodingProperties::codePoint);
  }

  private static final String PLAIN = "abcdefghijklmnopqrstuvwxyz0123456789-._~*";
  private static final String RESERVED = "%&=+ %&=+!\"#$'(),/:;<>?@[]^`{|}";

  private static int codePoint(int draw) {
    if (draw < 400) return PLAIN.charAt(draw % PLAIN.length());
    if (draw < 550) return RESERVED.charAt(draw % RESERVED.length());
    if (draw < 600) return draw % 32;
    if (draw < 700) return 0x80 + (draw * 7919) % (0x800 - 0x80);
    if (draw < 850) return 0x800 + (draw * 104729) % (0xd800 - 0x800);
    if (draw < 900) return 0xe000 + (draw * 7919) % 0x2000;
    return 0x10000 + (draw * 1299709) % 0x100000;
  }

  /** One name or value: how it travels, and what it says. */
  record Encoded(String encoded, String decoded) {
    /** The code points written one by one, each percent-encoded where bit i of {@code percent} is set (or must be). */
    static Encoded of(List<Integer> codePoints, long percent) {
      StringBuilder encoded = new StringBuilder();
      StringBuilder decoded = new StringBuilder();
      for (int i = 0; i < codePoints.size(); i++) {
        int cp = codePoints.get(i);
        String ch = Character.toString(cp);
        decoded.append(ch);
        boolean escape = (percent >>> (i % 64) & 1) == 1 || cp == '%' || cp == '&' || cp == '=' || cp == '+';
        if (cp == ' ' && !escape) {
          encoded.append('+');
        } else if (!escape) {
          encoded.append(ch);
        } else {
          for (byte b : ch.getBytes(StandardCharsets.UTF_8)) encoded.append('%').append(HexFormat.of().toHexDigits(b));
        }
      }
      return new Encoded(encoded.toString(), decoded.toString());
    }
  }

  /** A form body and the parameters it carries, in order: names and values alternate. */
  record EncodedForm(String encoded, Map<String, List<String>> expected) {
    static EncodedForm of(List<Encoded> namesAndValues) {
      List<String> written = new ArrayList<>();
      Map<String, List<String>> expected = new LinkedHashMap<>();
      for (int i = 0; i + 1 < namesAndValues.size(); i += 2) {
        Encoded name = namesAndValues.get(i);
        Encoded value = namesAndValues.get(i + 1);
        written.add(name.encoded() + "=" + value.encoded());
        expected.computeIfAbsent(name.decoded(), k -> new ArrayList<>()).add(value.decoded());
      }
      return new EncodedForm(String.join("&", written), expected);
    }

    @Override
    public String toString() {
      return encoded.length() > 300 ? encoded.substring(0, 300) + "… (" + encoded.length() + " chars)" : encoded;
    }
  }
}
