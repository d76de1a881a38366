package dev.textback.template;

/**
 * The GSM 03.38 default alphabet (3GPP TS 23.038) as seen from Java text: which UTF-16 characters it can
 * carry and how many septets each costs.
 */
final class Gsm7Alphabet {
  /**
   * The basic table in septet order 0x00 to 0x7F. Position 0x1B is the escape to the extension table and
   * carries no character of its own, so it is left out: 127 characters.
   */
  static final String BASIC =
      "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5"
          + "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9"
          + " !\"#\u00a4%&'()*+,-./"
          + "0123456789:;<=>?"
          + "\u00a1ABCDEFGHIJKLMNO"
          + "PQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7"
          + "\u00bfabcdefghijklmno"
          + "pqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0";

  /** The extension table: each is sent as ESC plus one septet. */
  static final String EXTENSION = "\f^{}\\[~]|\u20ac";

  /** Septet cost by UTF-16 char; 0 means not in the alphabet. The highest character is the euro sign. */
  private static final byte[] COST = new byte['\u20ac' + 1];

  static {
    for (int i = 0; i < BASIC.length(); i++) {
      COST[BASIC.charAt(i)] = 1;
    }
    for (int i = 0; i < EXTENSION.length(); i++) {
      COST[EXTENSION.charAt(i)] = 2;
    }
  }

  private Gsm7Alphabet() {}

  /** Septets the char costs in GSM-7: 1 for the basic table, 2 for the extension table, 0 when absent. */
  static int septets(char c) {
    return c < COST.length ? COST[c] : 0;
  }

  /** True when the code point can be sent in GSM-7. */
  static boolean contains(int codePoint) {
    return codePoint < COST.length && COST[codePoint] != 0;
  }
}
