package dev.textback.internal;

import dev.textback.TextBackListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans an event out to every listener, containing failures so a listener can never break a send. */
public final class Listeners {
  private static final Logger log = LoggerFactory.getLogger(Listeners.class);
  private final List<TextBackListener> listeners;

  public Listeners(List<TextBackListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  public void fire(Consumer<TextBackListener> event) {
    for (TextBackListener l : listeners) {
      try {
        event.accept(l);
      } catch (RuntimeException | LinkageError | AssertionError e) {
        // A listener's missing optional class (NoClassDefFoundError) or failed assertion is its own fault: were it
        // let through, the send it was told about would be given back and fail again on every pass.
        log.warn("listener {} failed; ignoring", l.getClass().getName(), e);
      }
    }
  }
}
