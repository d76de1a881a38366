package dev.textback.spring;

import dev.textback.TextBack;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the engine's dispatcher when the application context starts, and on shutdown stops it, waiting for sends
 * in flight up to {@code textback.dispatcher.drain-timeout}; texts still pending stay in the store for the next
 * start. Its phase puts it before the web server on start and after it on stop, so webhooks always find a running
 * engine and a graceful shutdown lets the last webhooks finish before the engine drains. A stopped engine cannot be
 * started again: restarting the context needs a new engine.
 */
public final class TextBackLifecycle implements SmartLifecycle {
  /** Below Spring Boot's web server phases, which stop first. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private final TextBack engine;
  private volatile boolean running;

  /**
   * Manages this engine.
   *
   * @param engine the engine to start and stop
   */
  public TextBackLifecycle(TextBack engine) {
    this.engine = Objects.requireNonNull(engine, "engine == null");
  }

  @Override
  public void start() {
    engine.start();
    running = true;
  }

  @Override
  public void stop() {
    try {
      engine.close();
    } finally {
      running = false;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
