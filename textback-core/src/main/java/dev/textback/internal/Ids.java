package dev.textback.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Unique ids for outbox entries, conversations and messages: a prefix and 128 random bits in hex, unguessable
 * and unique across engines sharing a store.
 */
public final class Ids {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * One generator per thread. {@code UUID.randomUUID()} draws from a single shared {@link SecureRandom} whose
   * default (NativePRNG) locks on every call, and every call decided takes several ids.
   */
  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Ids::generator);

  private Ids() {}

  public static String newId(String prefix) {
    byte[] bits = new byte[16];
    RANDOM.get().nextBytes(bits);
    char[] id = new char[prefix.length() + 1 + 32];
    prefix.getChars(0, prefix.length(), id, 0);
    int at = prefix.length();
    id[at++] = '_';
    for (byte b : bits) {
      id[at++] = HEX[(b >> 4) & 0xf];
      id[at++] = HEX[b & 0xf];
    }
    return new String(id);
  }

  private static SecureRandom generator() {
    try {
      // NIST SP 800-90A Hash_DRBG, seeded from the system's entropy source; no lock shared between threads.
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
