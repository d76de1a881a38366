package dev.textback.test;

import dev.textback.spi.TextBackStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Lets the carrier kit take its store down: while down, every transaction fails the way a lost database
 * connection does. A proxy rather than a hand-written decorator, so the kit keeps up with the store SPI.
 * Thread-safe.
 */
final class StoreOutage {
  private volatile boolean down;

  /** {@code store}, failing its transactions while this outage lasts. */
  TextBackStore wrap(TextBackStore store) {
    return (TextBackStore) Proxy.newProxyInstance(TextBackStore.class.getClassLoader(),
        new Class<?>[] {TextBackStore.class}, (proxy, method, args) -> {
          if (down && method.getName().equals("inTransaction")) {
            throw new IllegalStateException("store unavailable (carrier contract outage)");
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  void begin() {
    down = true;
  }

  void end() {
    down = false;
  }
}
