package dev.textback.engine;

import dev.textback.phone.CarrierId;
import dev.textback.spi.SendException;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine tests' gateway: it sends nothing, keeps every request, and can be told to fail the next sends
 * or to hold every send until released. (Core's tests cannot use {@code textback-test}'s public double:
 * that module depends on core.)
 */
final class ScriptedGateway implements SmsGateway {
  private final CarrierId carrier;
  private final List<SendRequest> attempts = new CopyOnWriteArrayList<>();
  private final List<SendRequest> sent = new CopyOnWriteArrayList<>();
  private final Queue<SendException> failures = new ConcurrentLinkedQueue<>();
  /** One permit per attempt made, so a test can wait for the n-th. */
  private final Semaphore attemptsMade = new Semaphore(0);
  private final AtomicInteger receipts = new AtomicInteger();
  private volatile CountDownLatch hold = new CountDownLatch(0);

  ScriptedGateway(CarrierId carrier) {
    this.carrier = carrier;
  }

  @Override
  public CarrierId carrier() {
    return carrier;
  }

  @Override
  public SendReceipt send(SendRequest request) {
    attempts.add(request);
    attemptsMade.release();
    try {
      hold.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sends were held", e);
    }
    SendException failure = failures.poll();
    if (failure != null) throw failure;
    sent.add(request);
    return new SendReceipt("fake-" + receipts.incrementAndGet(), 1, "accepted");
  }

  /** The next sends throw these, one each, in order. */
  void failNext(SendException... next) {
    failures.addAll(List.of(next));
  }

  /** Every send from now on waits (after it is recorded as an attempt) until {@link #release()}. */
  void blockSends() {
    hold = new CountDownLatch(1);
  }

  void release() {
    hold.countDown();
  }

  /** Every request handed to {@link #send}, in order, whatever became of it. */
  List<SendRequest> attempts() {
    return List.copyOf(attempts);
  }

  /** The requests that were answered with a receipt, in order. */
  List<SendRequest> sent() {
    return List.copyOf(sent);
  }

  /** Waits until {@code count} sends have been attempted; false when {@code timeout} passes first. */
  boolean awaitAttempts(int count, Duration timeout) throws InterruptedException {
    if (!attemptsMade.tryAcquire(count, timeout.toNanos(), TimeUnit.NANOSECONDS)) return false;
    attemptsMade.release(count);
    return true;
  }
}
