package dev.textback.test;

import dev.textback.spi.StoreTransaction;
import dev.textback.spi.TextBackStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/** What every group of contract tests shares: the store under test and small helpers. */
abstract class StoreContractGroup {
  /** Bound on how long a concurrency test waits for its threads; a deadlocked store fails instead of hanging. */
  private static final long THREAD_TIMEOUT_SECONDS = 120;

  /**
   * How long a transaction in a race test holds what it locked before committing, so the other transaction
   * reaches the store meanwhile and has to wait for it.
   */
  static final long HOLD_MILLIS = 500;

  abstract TextBackStoreContract contract();

  /** Sleeps inside a transaction (see {@link #HOLD_MILLIS}). */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  final TextBackStore store() {
    return contract().store();
  }

  /** A second instance on the same data (the same instance for single-process stores). */
  final TextBackStore other() {
    return contract().other();
  }

  final <T> T read(Function<StoreTransaction, T> work) {
    return store().inTransaction(work);
  }

  /** Runs a lookup in its own transaction (typed for AssertJ's {@code assertThat(Optional)}). */
  final <T> Optional<T> find(Function<StoreTransaction, Optional<T>> work) {
    return store().inTransaction(work);
  }

  final boolean check(Predicate<StoreTransaction> work) {
    return store().inTransaction(work::test);
  }

  final int count(ToIntFunction<StoreTransaction> work) {
    return store().inTransaction(work::applyAsInt);
  }

  final void write(Consumer<StoreTransaction> work) {
    store().inTransaction(tx -> {
      work.accept(tx);
      return null;
    });
  }

  /**
   * Runs {@code tasks} on their own threads, released together, and returns their results in order. Fails when a
   * task fails or they do not all finish within a generous bound.
   */
  static <T> List<T> race(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) results.add(f.get(THREAD_TIMEOUT_SECONDS, TimeUnit.SECONDS));
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
