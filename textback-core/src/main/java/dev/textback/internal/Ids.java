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
   * Random bytes per thread, drawn 4 KB at a time. {@code UUID.randomUUID()} draws from one shared
   * {@link SecureRandom} whose default (NativePRNG) locks on every call, a DRBG costs about the same for 16 bytes
   * as for hundreds, and every call decided takes several ids.
   */
  private static final ThreadLocal<Bits> RANDOM = ThreadLocal.withInitial(Bits::new);

  private Ids() {}

  public static String newId(String prefix) {
    byte[] bits = RANDOM.get().next16();
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

  /** One thread's generator and the bytes it drew but has not handed out yet. */
  private static final class Bits {
    private final SecureRandom random = generator();
    private final byte[] pool = new byte[4096];
    private final byte[] out = new byte[16];
    private int used = pool.length;

    /** The next 16 bytes, in a buffer reused on the next call: copy before calling again. */
    byte[] next16() {
      if (used == pool.length) {
        random.nextBytes(pool);
        used = 0;
      }
      System.arraycopy(pool, used, out, 0, 16);
      // Handed-out bytes are wiped, so the pool never holds an id that was already given out.
      java.util.Arrays.fill(pool, used, used + 16, (byte) 0);
      used += 16;
      return out;
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
}
