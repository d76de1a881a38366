package dev.textback.engine;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Accepts tasks and never runs them: an engine's routing executor at the moment its process is killed, after the
 * store committed and before anything was handed over.
 */
final class StalledExecutorService extends AbstractExecutorService {
  private final List<Runnable> accepted = new CopyOnWriteArrayList<>();
  private volatile boolean shutdown;

  @Override
  public void execute(Runnable command) {
    accepted.add(command);
  }

  /** How many tasks were handed in (and never run). */
  int accepted() {
    return accepted.size();
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    return List.copyOf(accepted);
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }
}
