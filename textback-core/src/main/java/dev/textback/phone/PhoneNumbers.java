package dev.textback.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interprets caller IDs and numbers with libphonenumber. Thread-safe; all methods are static because
 * libphonenumber's own singletons already are. The region and zones of recent numbers are kept in memory (at most
 * about 32,000 numbers, none for more than about 20 minutes while calls come in), since every call asks about its
 * caller several times.
 */
public final class PhoneNumbers {
  private static final Logger log = LoggerFactory.getLogger(PhoneNumbers.class);

  /** Words carriers put in place of a withheld caller ID. */
  private static final Set<String> WITHHELD_WORDS = Set.of(
      "anonymous", "restricted", "unknown", "private", "unavailable", "blocked", "withheld");

  /**
   * Keypad spellings used as placeholder caller IDs: ANONYMOUS, RESTRICTED (and a common mistyping of it),
   * UNAVAILABLE, BLOCKED, UNKNOWN. Kept as digits only; a leading {@code +} or {@code +1} is ignored. A spelling
   * that is also a valid number is taken as that number.
   */
  private static final Set<String> KEYPAD_WITHHELD = Set.of(
      "266696687", "7378742833", "7378742883", "86282452253", "2562533", "8656696");


  /** Types with no geographic meaning: libphonenumber maps them to every zone of the country, or none. */
  private static final Set<PhoneNumberType> NO_ZONE_TYPES = EnumSet.of(PhoneNumberType.TOLL_FREE,
      PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST, PhoneNumberType.PERSONAL_NUMBER,
      PhoneNumberType.UAN, PhoneNumberType.VOICEMAIL, PhoneNumberType.PAGER, PhoneNumberType.UNKNOWN);

  private PhoneNumbers() {}

  /** libphonenumber's region for {@code defaultRegion}: upper case, or "ZZ" (none) for null. */
  private static String region(@Nullable String defaultRegion) {
    return defaultRegion == null ? "ZZ" : defaultRegion.toUpperCase(Locale.ROOT);
  }

  /** Whether {@code raw} parses to a number libphonenumber calls valid. */
  private static boolean isValid(String raw, @Nullable String defaultRegion) {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    try {
      return util.isValidNumber(util.parse(raw, region(defaultRegion)));
    } catch (NumberParseException e) {
      return false;
    }
  }

  /**
   * Interprets what a carrier sent as a caller ID. Recognises withheld IDs (the words {@code anonymous},
   * {@code restricted}, {@code unknown}, {@code private}, {@code unavailable}, {@code blocked},
   * {@code withheld}, an empty value and the keypad spellings {@code +266696687}, {@code +7378742833},
   * {@code +86282452253}, {@code +2562533}, {@code +8656696}), short codes and invalid numbers.
   *
   * @param raw the carrier's value; null is treated as empty
   * @param defaultRegion ISO 3166 region used when {@code raw} has no country code, e.g. {@code "US"}; null for
   *     none (only numbers with a country code are then valid)
   * @return never null; never throws
   */
  public static CallerId parse(@Nullable String raw, @Nullable String defaultRegion) {
    return parse(raw, defaultRegion, true);
  }

  /** {@link #parse(String, String)}, optionally without the shortcut for North American E.164 numbers. */
  static CallerId parse(@Nullable String raw, @Nullable String defaultRegion, boolean shortcut) {
    String value = raw == null ? "" : raw;
    try {
      return classify(value, defaultRegion, shortcut);
    } catch (RuntimeException e) {
      // libphonenumber is not documented to throw anything but NumberParseException; stay total anyway.
      log.debug("caller ID {} could not be interpreted", PhoneNumber.mask(value), e);
      return CallerId.rejected(value, CallerId.Kind.INVALID,
          "could not be interpreted: " + e.getClass().getSimpleName());
    }
  }

  private static CallerId classify(String raw, @Nullable String defaultRegion, boolean shortcut) {
    String trimmed = raw.strip();
    if (trimmed.isEmpty()) {
      return CallerId.rejected(raw, CallerId.Kind.ANONYMOUS, "empty caller ID");
    }
    String word = trimmed.toLowerCase(Locale.ROOT);
    if (WITHHELD_WORDS.contains(word)) {
      return CallerId.rejected(raw, CallerId.Kind.ANONYMOUS, "withheld caller ID (" + word + ")");
    }
    String compact = withoutFormatting(trimmed);
    if (isDigits(compact)) {
      String digits = compact.startsWith("+") ? compact.substring(1) : compact;
      if ((KEYPAD_WITHHELD.contains(digits)
          || (digits.startsWith("1") && KEYPAD_WITHHELD.contains(digits.substring(1))))
          && !isValid(trimmed, defaultRegion)) {
        // A spelling that is also a real number (+1 737-874-2833 is in Austin) is that number.
        return CallerId.rejected(raw, CallerId.Kind.ANONYMOUS, "withheld caller ID (keypad placeholder)");
      }
      if (!compact.startsWith("+") && digits.length() >= 3 && digits.length() <= 6) {
        return CallerId.rejected(raw, CallerId.Kind.SHORT_CODE, digits.length() + "-digit short code");
      }
    }
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    Phonenumber.PhoneNumber parsed;
    try {
      parsed = shortcut && onlyPlainFormatting(trimmed) && isNanpE164(compact) ? nanp(compact)
          : util.parse(trimmed, region(defaultRegion));
    } catch (NumberParseException e) {
      return CallerId.rejected(raw, CallerId.Kind.INVALID, parseFailure(e.getErrorType()));
    }
    // getNumberType is UNKNOWN exactly when isValidNumber is false (both test the number against the
    // metadata of the region getRegionCodeForNumber picks); asking once saves a second pass of its regexes.
    PhoneNumberType type = util.getNumberType(parsed);
    if (type == PhoneNumberType.UNKNOWN) {
      return CallerId.rejected(raw, CallerId.Kind.INVALID, invalidReason(util, parsed));
    }
    PhoneNumber number;
    try {
      number = PhoneNumber.of(util.format(parsed, PhoneNumberFormat.E164));
    } catch (IllegalArgumentException e) {
      return CallerId.rejected(raw, CallerId.Kind.INVALID, "not representable in E.164");
    }
    if (RECENT.get(number.e164()) == null) RECENT.put(number.e164(), facts(util, parsed, type));
    return CallerId.valid(raw, number, lineType(type));
  }

  /**
   * What libphonenumber says of one number, worked out once. Each of its queries runs the region's regular
   * expressions again, and a call asks about its caller several times (validity, type, zones for quiet hours
   * when the call is decided and again when the text is sent, region for the template language).
   */
  private record Facts(@Nullable String region, List<ZoneId> zones) {
    static final Facts NONE = new Facts(null, List.of());
  }

  /** Facts of recently seen numbers; bounded, so a stream of new callers does not grow it. */
  private static final RecentFacts RECENT = new RecentFacts(16_384);

  /** Zone lists by libphonenumber's zone names: few distinct lists exist, so each is built once. */
  private static final ConcurrentHashMap<List<String>, List<ZoneId>> ZONE_LISTS = new ConcurrentHashMap<>();

  private static Facts facts(PhoneNumber number) {
    Facts known = RECENT.get(number.e164());
    if (known != null) return known;
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    Facts facts;
    try {
      String e164 = number.e164();
      Phonenumber.PhoneNumber parsed = isNanpE164(e164) ? nanp(e164) : util.parse(e164, "ZZ");
      facts = facts(util, parsed, util.getNumberType(parsed));
    } catch (NumberParseException e) {
      facts = Facts.NONE;
    }
    RECENT.put(number.e164(), facts);
    return facts;
  }

  private static Facts facts(PhoneNumberUtil util, Phonenumber.PhoneNumber parsed, PhoneNumberType type) {
    String region = util.getRegionCodeForNumber(parsed);
    // "ZZ" is unknown and "001" marks non-geographic entities (+800, +808, ...): neither is a region.
    if (region != null && (region.equals("ZZ") || region.equals("001"))) region = null;
    if (type == PhoneNumberType.UNKNOWN || NO_ZONE_TYPES.contains(type)) return new Facts(region, List.of());
    PhoneNumberToTimeZonesMapper mapper = PhoneNumberToTimeZonesMapper.getInstance();
    // The geographic lookup is what getTimeZonesForNumber ends in for these types, without working out the
    // type a third time; other types (a UK mobile) get their country's zones from the general lookup.
    List<String> ids = util.isNumberGeographical(type, parsed.getCountryCode())
        ? mapper.getTimeZonesForGeographicalNumber(parsed)
        : mapper.getTimeZonesForNumber(parsed);
    return new Facts(region, ZONE_LISTS.computeIfAbsent(List.copyOf(ids), PhoneNumbers::zones));
  }

  private static List<ZoneId> zones(List<String> ids) {
    List<ZoneId> zones = new ArrayList<>(ids.size());
    for (String id : ids) {
      if (id.equals(PhoneNumberToTimeZonesMapper.getUnknownTimeZone())) return List.of();
      try {
        zones.add(ZoneId.of(id));
      } catch (DateTimeException e) {
        // The JDK's tz database may predate libphonenumber's; the other zones still apply.
        log.debug("time zone {} is unknown to this JDK", id);
      }
    }
    return List.copyOf(zones);
  }

  /**
   * Two generations of a concurrent map: lookups promote entries from the older one, and when the newer one
   * passes its size it becomes the older and the oldest is dropped whole. Close to least-recently-used at a
   * fraction of the bookkeeping; a race at most computes an entry twice, and entries never change.
   */
  private static final class RecentFacts {
    /** A generation is retired after this long too, so numbers do not stay in memory for the life of the JVM. */
    private static final long GENERATION_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
    private final int generationSize;
    private volatile ConcurrentHashMap<String, Facts> current = new ConcurrentHashMap<>();
    private volatile ConcurrentHashMap<String, Facts> previous = new ConcurrentHashMap<>();
    private volatile long currentSince = System.nanoTime();

    RecentFacts(int generationSize) {
      this.generationSize = generationSize;
    }

    @Nullable Facts get(String key) {
      ConcurrentHashMap<String, Facts> now = current;
      if (System.nanoTime() - currentSince > GENERATION_NANOS) rotate(now);
      Facts facts = current.get(key);
      if (facts != null) return facts;
      facts = previous.get(key);
      if (facts != null) put(key, facts);
      return facts;
    }

    void put(String key, Facts facts) {
      ConcurrentHashMap<String, Facts> now = current;
      now.put(key, facts);
      if (now.size() > generationSize || System.nanoTime() - currentSince > GENERATION_NANOS) rotate(now);
    }

    private synchronized void rotate(ConcurrentHashMap<String, Facts> seen) {
      if (current != seen) return; // another thread rotated first
      previous = seen;
      current = new ConcurrentHashMap<>();
      currentSince = System.nanoTime();
    }
  }

  /**
   * {@code raw} without the characters people and carriers use to format numbers (ASCII white space, parentheses,
   * dot, hyphen, slash, no-break space); {@code raw} itself when it has none. A loop rather than a regular
   * expression: every call's caller ID passes here.
   */
  static String withoutFormatting(String raw) {
    StringBuilder kept = null;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      boolean formatting = c == ' ' || (c >= '\t' && c <= '\r') || c == '(' || c == ')' || c == '.' || c == '-'
          || c == '/' || c == '\u00A0';
      if (formatting && kept == null) kept = new StringBuilder(raw.length()).append(raw, 0, i);
      else if (!formatting && kept != null) kept.append(c);
    }
    return kept == null ? raw : kept.toString();
  }

  /** An optional {@code +}, then one digit or more. */
  static boolean isDigits(String s) {
    int from = s.startsWith("+") ? 1 : 0;
    if (s.length() == from) return false;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }

  /**
   * Whether {@code raw} holds nothing but digits, {@code +} and the separators libphonenumber also reads as
   * formatting (space, no-break space, parentheses, dot, hyphen, slash), and is short enough for it to parse: then
   * removing them leaves what it would parse. Tabs and line breaks, which {@link #withoutFormatting} also removes, make
   * libphonenumber refuse the number, so those inputs go to it.
   */
  private static boolean onlyPlainFormatting(String raw) {
    if (raw.length() > 250) return false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '+' || c == ' ' || c == '\u00A0' || c == '(' || c == ')' || c == '.'
          || c == '-' || c == '/')) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code +1} and ten digits, the first 2 to 9: how carriers write North American numbers, and most of the
   * numbers this library sees. {@code util.parse} runs about ten regular expressions on each (extensions,
   * viability, national prefix), which is most of the time a call spends on its caller ID.
   */
  static boolean isNanpE164(String compact) {
    if (compact.length() != 12 || compact.charAt(0) != '+' || compact.charAt(1) != '1') return false;
    char first = compact.charAt(2);
    if (first < '2' || first > '9') return false;
    for (int i = 3; i < 12; i++) {
      char c = compact.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }

  /**
   * What {@code util.parse} returns for such a number: country code 1 and the ten digits as the national number.
   * The region it parses with for {@code +1} is always the US (the calling code's main region), whose national
   * prefix is "1", and these digits start 2 to 9: nothing to strip, no leading zero, no extension. A property
   * test holds the two to the same answers.
   */
  static Phonenumber.PhoneNumber nanp(String compact) {
    return new Phonenumber.PhoneNumber().setCountryCode(1).setNationalNumber(Long.parseLong(compact, 2, 12, 10));
  }

  private static String parseFailure(NumberParseException.ErrorType type) {
    switch (type) {
      case INVALID_COUNTRY_CODE:
        return "invalid number: unknown country code, or no country code and no default region";
      case TOO_SHORT_AFTER_IDD:
      case TOO_SHORT_NSN:
        return "invalid number: too short";
      case TOO_LONG:
        return "invalid number: too long";
      default:
        return "not a phone number";
    }
  }

  private static String invalidReason(PhoneNumberUtil util, Phonenumber.PhoneNumber parsed) {
    switch (util.isPossibleNumberWithReason(parsed)) {
      case TOO_SHORT:
        return "invalid number: too short";
      case TOO_LONG:
        return "invalid number: too long";
      case INVALID_LENGTH:
        return "invalid number: wrong length for its country";
      case INVALID_COUNTRY_CODE:
        return "invalid number: unknown country code";
      case IS_POSSIBLE_LOCAL_ONLY:
        return "invalid number: local form only, no area code";
      default:
        return "invalid number: no numbering plan assigns it";
    }
  }

  private static LineType lineType(PhoneNumberType type) {
    switch (type) {
      case MOBILE:
        return LineType.MOBILE;
      case FIXED_LINE:
        return LineType.FIXED_LINE;
      case FIXED_LINE_OR_MOBILE:
        return LineType.FIXED_LINE_OR_MOBILE;
      case TOLL_FREE:
        return LineType.TOLL_FREE;
      case PREMIUM_RATE:
        return LineType.PREMIUM_RATE;
      case SHARED_COST:
        return LineType.SHARED_COST;
      case VOIP:
        return LineType.VOIP;
      case PERSONAL_NUMBER:
        return LineType.PERSONAL_NUMBER;
      case PAGER:
        return LineType.PAGER;
      case UAN:
        return LineType.UAN;
      case VOICEMAIL:
        return LineType.VOICEMAIL;
      default:
        return LineType.UNKNOWN;
    }
  }

  /**
   * Parses a number that must be valid, such as a business's own number in configuration.
   *
   * @throws IllegalArgumentException naming the value and why it is not usable
   */
  public static PhoneNumber require(String raw, String defaultRegion) {
    CallerId id = parse(raw, defaultRegion);
    if (!id.isValid()) {
      throw new IllegalArgumentException("not a usable phone number: \"" + PhoneNumber.mask(raw) + "\" ("
          + id.kind() + ": " + id.detail() + ")");
    }
    return id.number();
  }

  /**
   * The time zones libphonenumber associates with a number's prefix. Empty when unknown (invalid or
   * non-geographic numbers such as toll-free), so callers fall back to a zone of their own.
   *
   * <p>Toll-free, premium-rate, shared-cost, personal (NANP 5XX), UAN, voicemail and pager numbers give
   * an empty list, because libphonenumber maps them to every zone of their country. A mobile number in a
   * country whose mobile ranges are not geographic (such as the UK) gives its country's zones.
   */
  public static List<ZoneId> timeZones(PhoneNumber number) {
    Objects.requireNonNull(number, "number == null");
    return facts(number).zones();
  }

  /** ISO 3166 region of a number (e.g. {@code "US"}, {@code "MX"}), when libphonenumber knows it. */
  public static Optional<String> region(PhoneNumber number) {
    Objects.requireNonNull(number, "number == null");
    return Optional.ofNullable(facts(number).region());
  }

  /** The three-digit NANP area code of a {@code +1} number, if it is one. */
  public static Optional<String> nanpAreaCode(PhoneNumber number) {
    String e = number.e164();
    return e.startsWith("+1") && e.length() == 12 ? Optional.of(e.substring(2, 5)) : Optional.empty();
  }
}
