package dev.textback.twilio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators shared by the Twilio properties. Kept cheap (one draw per character, flat choices), as each
 * property runs ten thousand tries on every build.
 */
final class TwilioArbitraries {
  private static final String PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";
  private static final String SPECIAL = " %&=+?#/:;@!$'()*,[]<>\"\\^`{|}";

  private TwilioArbitraries() {}

  /**
   * Any Unicode text without lone surrogates (Twilio sends UTF-8, which cannot carry them): mostly ASCII, with
   * the characters URLs and forms reserve, controls, and letters from every plane. Drawn as a length and a seed
   * rather than character by character, which costs a tenth; it shrinks to shorter text.
   */
  static Arbitrary<String> text(int maxLength) {
    return Combinators.combine(Arbitraries.integers().between(0, maxLength), Arbitraries.longs()).as((length, seed) -> {
      SplittableRandom random = new SplittableRandom(seed);
      StringBuilder sb = new StringBuilder(length);
      for (int i = 0; i < length; i++) sb.appendCodePoint(codePoint(random.nextInt(1000)));
      return sb.toString();
    });
  }

  static int codePoint(int draw) {
    if (draw < 500) return PLAIN.charAt(draw % PLAIN.length());
    if (draw < 700) return SPECIAL.charAt(draw % SPECIAL.length());
    if (draw < 740) return draw % 32;
    if (draw < 820) return 0x80 + (draw * 7919) % (0x800 - 0x80);
    if (draw < 920) return 0x800 + (draw * 104729) % (0xd800 - 0x800);
    if (draw < 960) return 0xe000 + (draw * 7919) % 0x2000;
    return 0x10000 + (draw * 1299709) % 0x100000;
  }

  /** Parameters with arbitrary names and values: repeated names, empty names and values, any text. */
  static Arbitrary<Map<String, List<String>>> params() {
    Arbitrary<String> name = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of("CallSid", "From", "To", "Body", "AccountSid", "", "a", "A", "a ")),
        Tuple.of(2, text(12)));
    return Combinators.combine(name, text(24).list().ofMinSize(1).ofMaxSize(3)).as(Map::entry)
        .list().ofMaxSize(8).map(entries -> {
          Map<String, List<String>> params = new LinkedHashMap<>();
          entries.forEach(e -> params.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(e.getValue()));
          return params;
        });
  }

  /** URLs Twilio may be configured with: schemes, ports, user info, paths and queries with any text. */
  static Arbitrary<String> urls() {
    Arbitrary<String> origin = Arbitraries.of("https://textback.example.com", "https://textback.example.com:443",
        "http://textback.example.com", "http://textback.example.com:80", "https://textback.example.com:8443",
        "https://user:secret@textback.example.com", "https://[2001:db8::1]:8443", "HTTPS://TextBack.Example.COM",
        "https://xn--bcher-kva.example", "");
    Arbitrary<String> path = Arbitraries.of("/webhooks/twilio/voice", "/webhooks/twilio/sms/status", "/", "",
        "/a%20b/é");
    Arbitrary<String> query = Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just("")),
        Tuple.of(2, text(20).map(q -> "?" + q.replace("#", ""))),
        Tuple.of(1, Arbitraries.of("?bodySHA256=abc", "?outcome=BUSY&call=CA1", "?", "?a=%zz")));
    return Combinators.combine(origin, path, query).as((o, p, q) -> o + p + q);
  }
}
