package dev.textback.test;

import dev.textback.phone.CarrierId;
import dev.textback.spi.RetriableSendException;
import dev.textback.spi.SendException;
import dev.textback.spi.SendException;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import dev.textback.template.SmsSegments;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A gateway that sends nothing and remembers everything, for the tests of engines, stores and apps built on
 * textback. Each call is recorded as an attempt; a call that succeeds is also recorded as sent and answered
 * with a receipt {@code rec-1}, {@code rec-2}, ... with the segment count of the body and status
 * {@code accepted}.
 *
 * <p>Scriptable: {@link #failNext} makes the next calls throw the given exceptions, one each, and
 * {@link #blockSends()} holds every call until {@link #release()}, which lets a test show that a webhook
 * answer never waits for a send. Thread-safe.
 */
public final class RecordingSmsGateway implements SmsGateway {
  private final CarrierId carrier;
  private final Object lock = new Object();
  private final List<SendRequest> attempts = new ArrayList<>();
  private final List<SendRequest> sent = new ArrayList<>();
  private final ArrayDeque<SendException> failures = new ArrayDeque<>();
  private @Nullable CountDownLatch gate;
  private long receipts;

  /** A gateway for the carrier {@code recording}. */
  public RecordingSmsGateway() {
    this(CarrierId.of("recording"));
  }

  private RecordingSmsGateway(CarrierId carrier) {
    this.carrier = carrier;
  }

  /** A gateway standing in for {@code carrier}, so it answers events from that carrier. */
  public static RecordingSmsGateway forCarrier(CarrierId carrier) {
    return new RecordingSmsGateway(Objects.requireNonNull(carrier, "carrier == null"));
  }

  @Override
  public CarrierId carrier() {
    return carrier;
  }

  /**
   * Records the attempt, waits while sends are blocked, then throws the next queued failure or records the
   * text as sent.
   *
   * @throws RetriableSendException when interrupted while blocked
   */
  @Override
  public SendReceipt send(SendRequest request) {
    Objects.requireNonNull(request, "request == null");
    CountDownLatch g;
    synchronized (lock) {
      attempts.add(request);
      lock.notifyAll();
      g = gate;
    }
    if (g != null) {
      try {
        g.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw SendException.builder(carrier, "interrupted while sends were blocked").cause(e).notSent();
      }
    }
    SendException failure;
    synchronized (lock) {
      failure = failures.pollFirst();
    }
    if (failure != null) throw failure;
    int segments = SmsSegments.analyze(request.body()).segments();
    synchronized (lock) {
      sent.add(request);
      receipts++;
      lock.notifyAll();
      return new SendReceipt("rec-" + receipts, segments, "accepted");
    }
  }

  /** Makes the next calls throw these, in order, one per call. Adds to failures already queued. */
  public void failNext(SendException... failures) {
    Objects.requireNonNull(failures, "failures == null");
    for (SendException f : failures) Objects.requireNonNull(f, "failure == null");
    synchronized (lock) {
      this.failures.addAll(Arrays.asList(failures));
    }
  }

  /** Holds every call to {@link #send} (after recording the attempt) until {@link #release()}. */
  public void blockSends() {
    synchronized (lock) {
      if (gate == null) gate = new CountDownLatch(1);
    }
  }

  /** Lets held and future calls proceed. */
  public void release() {
    CountDownLatch g;
    synchronized (lock) {
      g = gate;
      gate = null;
    }
    if (g != null) g.countDown();
  }

  /** The texts sent successfully, in order. */
  public List<SendRequest> sent() {
    synchronized (lock) {
      return List.copyOf(sent);
    }
  }

  /** Every call to {@link #send}, failed, held or successful, in order. */
  public List<SendRequest> attempts() {
    synchronized (lock) {
      return List.copyOf(attempts);
    }
  }

  /** How many texts were sent successfully. */
  public int count() {
    synchronized (lock) {
      return sent.size();
    }
  }

  /**
   * Waits until at least {@code count} calls to {@link #send} have been made.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitAttempts(int count, Duration timeout) throws InterruptedException {
    return await(attempts, count, timeout);
  }

  /**
   * Waits until at least {@code count} texts have been sent successfully.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitSent(int count, Duration timeout) throws InterruptedException {
    return await(sent, count, timeout);
  }

  private boolean await(List<SendRequest> list, int count, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout == null");
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (list.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /** Forgets the recorded attempts and sends. Queued failures and blocking stay; receipt ids keep counting. */
  public void clear() {
    synchronized (lock) {
      attempts.clear();
      sent.clear();
    }
  }

  @Override
  public String toString() {
    return "RecordingSmsGateway[" + carrier + ", " + count() + " sent]";
  }
}
