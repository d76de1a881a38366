package dev.textback.store;

import dev.textback.phone.PhoneNumber;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The byte encoding of the in-memory store's rows. A row kept as objects costs about twenty objects and six
 * strings per caller; as one byte array it costs one object, and its values shrink: ids of a prefix and hex digits
 * (and UUIDs) become their bytes, phone numbers a variable-length integer, instants a delta from the row's first
 * instant, and the few strings that repeat across rows (carriers, businesses, the text of an automatic message) an
 * index into a bounded dictionary. Every value decodes to one equal to what was encoded. Not thread-safe: the store
 * uses it under its lock.
 */
final class RowBytes {
  private static final int NULL = 0;
  private static final int SYMBOL = 1;
  private static final int LATIN1 = 2;
  private static final int HEX_LOWER = 3;
  private static final int HEX_UPPER = 4;
  private static final int UUID_LOWER = 5;
  private static final int UUID_UPPER = 6;
  private static final int UTF16 = 7;
  /** Hex tails shorter than this are not worth packing. */
  private static final int MIN_HEX = 8;
  private static final char[] LOWER = "0123456789abcdef".toCharArray();
  private static final char[] UPPER = "0123456789ABCDEF".toCharArray();

  private RowBytes() {}

  /**
   * Strings given a small index the first time they are seen, up to a bound on their number and length; past the
   * bound a string is written out in full. Entries are never removed, so a string once given an index keeps it (and
   * stays in memory) for the life of the store: the bounds keep that small.
   */
  static final class Symbols {
    private final int maxEntries;
    private final int maxLength;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> values = new ArrayList<>();

    Symbols(int maxEntries, int maxLength) {
      this.maxEntries = maxEntries;
      this.maxLength = maxLength;
    }

    /** The index of {@code s}, giving it one when there is room; -1 when it has none. */
    int indexOf(String s) {
      Integer i = index.get(s);
      if (i != null) return i;
      if (values.size() >= maxEntries || s.length() > maxLength) return -1;
      values.add(s);
      index.put(s, values.size() - 1);
      return values.size() - 1;
    }

    String get(int i) {
      return values.get(i);
    }
  }

  /** Encodes one row; reused under the store's lock ({@link #reset} between rows). */
  static final class Writer {
    private final Symbols names;
    private final Symbols texts;
    private byte[] buf = new byte[256];
    private int len;
    private long base;
    private boolean hasBase;

    Writer(Symbols names, Symbols texts) {
      this.names = names;
      this.texts = texts;
    }

    Writer reset() {
      len = 0;
      hasBase = false;
      return this;
    }

    byte[] toBytes() {
      return Arrays.copyOf(buf, len);
    }

    private void ensure(int more) {
      if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }

    void u8(int v) {
      ensure(1);
      buf[len++] = (byte) v;
    }

    void varLong(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[len++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[len++] = (byte) v;
    }

    void zigzag(long v) {
      varLong((v << 1) ^ (v >> 63));
    }

    void bool(boolean v) {
      u8(v ? 1 : 0);
    }

    void enumValue(@Nullable Enum<?> e) {
      u8(e == null ? 0 : e.ordinal() + 1);
    }

    /** A string that often repeats across rows and is short: a carrier, a business, an owner. */
    void name(@Nullable String s) {
      symbolOrPlain(s, names);
    }

    /** A message's text: shared through the dictionary when {@code shared}, else written out. */
    void text(@Nullable String s, boolean shared) {
      if (shared) symbolOrPlain(s, texts);
      else plain(s);
    }

    /** A string written out in full (or null). */
    void plain(@Nullable String s) {
      if (s == null) {
        u8(NULL);
        return;
      }
      int n = s.length();
      boolean latin1 = true;
      for (int i = 0; i < n && latin1; i++) latin1 = s.charAt(i) < 256;
      u8(latin1 ? LATIN1 : UTF16);
      varLong(n);
      if (latin1) {
        ensure(n);
        for (int i = 0; i < n; i++) buf[len++] = (byte) s.charAt(i);
      } else {
        ensure(2 * n);
        for (int i = 0; i < n; i++) {
          char c = s.charAt(i);
          buf[len++] = (byte) (c >>> 8);
          buf[len++] = (byte) c;
        }
      }
    }

    private void symbolOrPlain(@Nullable String s, Symbols symbols) {
      int i = s == null ? -1 : symbols.indexOf(s);
      if (i < 0) {
        plain(s);
        return;
      }
      u8(SYMBOL);
      varLong(i);
    }

    /**
     * An id: a UUID becomes its 16 bytes; a prefix followed by at least {@value #MIN_HEX} hex digits of one case
     * (a Twilio SID, an id of this library) becomes the prefix (through the dictionary) and the digits' bytes.
     */
    void id(@Nullable String s) {
      if (s == null) {
        u8(NULL);
        return;
      }
      int uuidCase = uuidCase(s);
      if (uuidCase != 0) {
        u8(uuidCase > 0 ? UUID_LOWER : UUID_UPPER);
        ensure(16);
        for (int i = 0; i < s.length(); ) {
          if (s.charAt(i) == '-') {
            i++;
            continue;
          }
          buf[len++] = (byte) ((nibble(s.charAt(i)) << 4) | nibble(s.charAt(i + 1)));
          i += 2;
        }
        return;
      }
      int lower = hexTail(s, false);
      int upper = hexTail(s, true);
      int digits = Math.max(lower, upper);
      if (digits < MIN_HEX) {
        plain(s);
        return;
      }
      u8(lower >= upper ? HEX_LOWER : HEX_UPPER);
      int start = s.length() - digits;
      name(s.substring(0, start));
      varLong(digits);
      ensure((digits + 1) / 2);
      for (int i = start; i < s.length(); i += 2) {
        int hi = nibble(s.charAt(i));
        int lo = i + 1 < s.length() ? nibble(s.charAt(i + 1)) : 0;
        buf[len++] = (byte) ((hi << 4) | lo);
      }
    }

    /**
     * An instant: the row's first as seconds since the epoch, the others as seconds after (or before) it; the
     * nanoseconds as microseconds when they are whole ones, which clocks on most systems give.
     */
    void instant(@Nullable Instant t) {
      if (t == null) {
        varLong(0);
        return;
      }
      long seconds = t.getEpochSecond();
      long delta = hasBase ? seconds - base : seconds;
      if (!hasBase) {
        base = seconds;
        hasBase = true;
      }
      varLong(((delta << 1) ^ (delta >> 63)) + 1);
      int nanos = t.getNano();
      varLong(nanos % 1000 == 0 ? (long) (nanos / 1000) << 1 : ((long) nanos << 1) | 1);
    }

    /** An E.164 number as the integer its digits spell (E.164 allows no leading zero). */
    void phone(@Nullable PhoneNumber p) {
      varLong(p == null ? 0 : Long.parseLong(p.e164(), 1, p.e164().length(), 10));
    }

    void strings(List<String> list) {
      varLong(list.size());
      for (String s : list) plain(s);
    }
  }

  /** Decodes a row written by {@link Writer}, value by value in the order they were written. */
  static final class Reader {
    private final Symbols names;
    private final Symbols texts;
    private final byte[] buf;
    private int at;
    private long base;
    private boolean hasBase;

    Reader(byte[] buf, Symbols names, Symbols texts) {
      this.buf = buf;
      this.names = names;
      this.texts = texts;
    }

    boolean hasMore() {
      return at < buf.length;
    }

    /** Starts the next of several rows in one array (a conversation's messages): instants get a new base. */
    void nextRow() {
      hasBase = false;
    }

    int u8() {
      return buf[at++] & 0xFF;
    }

    long varLong() {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = buf[at++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) return v;
      }
    }

    long zigzag() {
      long v = varLong();
      return (v >>> 1) ^ -(v & 1);
    }

    int zigzagInt() {
      return Math.toIntExact(zigzag());
    }

    boolean bool() {
      return u8() != 0;
    }

    <E extends Enum<E>> @Nullable E enumValue(E[] values) {
      int v = u8();
      return v == 0 ? null : values[v - 1];
    }

    @Nullable String name() {
      return string(names);
    }

    @Nullable String text() {
      return string(texts);
    }

    @Nullable String plain() {
      return string(names);
    }

    @Nullable String id() {
      return string(names);
    }

    /** Reads any string, whichever way it was written; symbols from {@code symbols}. */
    private @Nullable String string(Symbols symbols) {
      int tag = u8();
      switch (tag) {
        case NULL:
          return null;
        case SYMBOL:
          return symbols.get((int) varLong());
        case LATIN1: {
          int n = (int) varLong();
          String s = new String(buf, at, n, StandardCharsets.ISO_8859_1);
          at += n;
          return s;
        }
        case UTF16: {
          int n = (int) varLong();
          char[] chars = new char[n];
          for (int i = 0; i < n; i++, at += 2) chars[i] = (char) (((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF));
          return new String(chars);
        }
        case HEX_LOWER:
        case HEX_UPPER: {
          String prefix = string(names);
          int digits = (int) varLong();
          char[] table = tag == HEX_LOWER ? LOWER : UPPER;
          char[] chars = new char[prefix.length() + digits];
          prefix.getChars(0, prefix.length(), chars, 0);
          int c = prefix.length();
          for (int i = 0; i < digits; i += 2) {
            int b = buf[at++] & 0xFF;
            chars[c++] = table[b >>> 4];
            if (i + 1 < digits) chars[c++] = table[b & 0xF];
          }
          return new String(chars);
        }
        case UUID_LOWER:
        case UUID_UPPER: {
          char[] table = tag == UUID_LOWER ? LOWER : UPPER;
          char[] chars = new char[36];
          int c = 0;
          for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) chars[c++] = '-';
            int b = buf[at++] & 0xFF;
            chars[c++] = table[b >>> 4];
            chars[c++] = table[b & 0xF];
          }
          return new String(chars);
        }
        default:
          throw new IllegalStateException("not a string tag: " + tag);
      }
    }

    /** Skips a string of any kind without building it. */
    void skipString() {
      int tag = u8();
      switch (tag) {
        case NULL:
          return;
        case SYMBOL:
          varLong();
          return;
        // Each length is read before it is added: "at += varLong()" would add it to the position before the read.
        case LATIN1: {
          int n = (int) varLong();
          at += n;
          return;
        }
        case UTF16: {
          int n = (int) varLong();
          at += 2 * n;
          return;
        }
        case HEX_LOWER:
        case HEX_UPPER: {
          skipString();
          int digits = (int) varLong();
          at += (digits + 1) / 2;
          return;
        }
        case UUID_LOWER:
        case UUID_UPPER:
          at += 16;
          return;
        default:
          throw new IllegalStateException("not a string tag: " + tag);
      }
    }

    @Nullable Instant instant() {
      long v = varLong();
      if (v == 0) return null;
      long zz = v - 1;
      long delta = (zz >>> 1) ^ -(zz & 1);
      long seconds = hasBase ? base + delta : delta;
      if (!hasBase) {
        base = seconds;
        hasBase = true;
      }
      long n = varLong();
      long nanos = (n & 1) == 0 ? (n >>> 1) * 1000 : n >>> 1;
      return Instant.ofEpochSecond(seconds, nanos);
    }

    /** Skips an instant, keeping the row's base for the instants after it. */
    void skipInstant() {
      long v = varLong();
      if (v == 0) return;
      if (!hasBase) {
        long zz = v - 1;
        base = (zz >>> 1) ^ -(zz & 1);
        hasBase = true;
      }
      varLong();
    }

    /** Skips any single variable-length integer (a phone number, a count). */
    void skipVarLong() {
      while (buf[at++] < 0) {
        // continuation bytes
      }
    }

    void skipU8() {
      at++;
    }

    /** A phone number's E.164 text, without building (and validating again) a {@link PhoneNumber}. */
    @Nullable String e164() {
      long v = varLong();
      return v == 0 ? null : "+" + v;
    }

    /** Reads an instant that the row always has. */
    Instant requiredInstant() {
      Instant t = instant();
      if (t == null) throw new IllegalStateException("missing instant");
      return t;
    }

    @Nullable PhoneNumber phone() {
      long v = varLong();
      return v == 0 ? null : new PhoneNumber("+" + v);
    }

    List<String> strings() {
      int n = (int) varLong();
      if (n == 0) return List.of();
      List<String> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) list.add(plain());
      return list;
    }
  }

  /** 1 for a lowercase UUID, -1 for an uppercase one, 0 for anything else (mixed case included). */
  private static int uuidCase(String s) {
    if (s.length() != 36) return 0;
    int lower = 0;
    int upper = 0;
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') return 0;
      } else if (c >= 'a' && c <= 'f') {
        lower++;
      } else if (c >= 'A' && c <= 'F') {
        upper++;
      } else if (c < '0' || c > '9') {
        return 0;
      }
    }
    if (lower > 0 && upper > 0) return 0;
    return upper > 0 ? -1 : 1;
  }

  /** How many trailing characters are hex digits of one case (digits count in both). */
  private static int hexTail(String s, boolean upper) {
    int n = 0;
    for (int i = s.length() - 1; i >= 0; i--, n++) {
      char c = s.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (upper ? c >= 'A' && c <= 'F' : c >= 'a' && c <= 'f');
      if (!hex) break;
    }
    return n;
  }

  private static int nibble(char c) {
    if (c <= '9') return c - '0';
    return (c | 0x20) - 'a' + 10;
  }
}
