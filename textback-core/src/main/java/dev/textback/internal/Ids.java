package dev.textback.internal;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Unique ids for outbox entries, conversations and messages: a prefix and 128 random bits in hex, unguessable
 * and unique across engines sharing a store.
 */
public final class Ids {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final int POOL = 4096;

  /**
   * One generator per thread. {@code UUID.randomUUID()} draws from one shared {@link SecureRandom} whose default
   * (NativePRNG) locks on every call, and every call decided takes several ids.
   */
  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Ids::generator);
  /**
   * Bytes drawn from that generator and not yet handed out (a DRBG costs about the same for 16 bytes as for
   * hundreds). Thread-locals hold JDK types only, so a web container's pooled threads do not keep this library's
   * class loader alive after a redeploy.
   */
  private static final ThreadLocal<ByteBuffer> DRAWN =
      ThreadLocal.withInitial(() -> ByteBuffer.allocate(POOL).position(POOL));

  private Ids() {}

  public static String newId(String prefix) {
    ByteBuffer drawn = DRAWN.get();
    if (!drawn.hasRemaining()) {
      RANDOM.get().nextBytes(drawn.array());
      drawn.clear();
    }
    char[] id = new char[prefix.length() + 1 + 32];
    prefix.getChars(0, prefix.length(), id, 0);
    int at = prefix.length();
    id[at++] = '_';
    byte[] bytes = drawn.array();
    int from = drawn.position();
    for (int i = from; i < from + 16; i++) {
      id[at++] = HEX[(bytes[i] >> 4) & 0xf];
      id[at++] = HEX[bytes[i] & 0xf];
      bytes[i] = 0; // an id handed out does not stay in memory beside those still to come
    }
    drawn.position(from + 16);
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
