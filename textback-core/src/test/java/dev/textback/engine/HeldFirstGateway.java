package dev.textback.engine;

import dev.textback.phone.CarrierId;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A Twilio gateway that holds its first send until released, then answers it (or fails it, when given a failure);
 * every later send is answered at once. For tests that need a send in flight at a chosen moment.
 */
final class HeldFirstGateway implements SmsGateway {
  final CountDownLatch firstStarted = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  /** Counts down once per send other than the first. */
  final CountDownLatch others;
  final AtomicInteger calls = new AtomicInteger();
  private final @Nullable Supplier<RuntimeException> firstFailure;

  /** Answers the first send once released; {@code others} later sends count down {@link #others}. */
  HeldFirstGateway(int others) {
    this(others, null);
  }

  /** Throws {@code firstFailure}'s exception for the first send once released. */
  HeldFirstGateway(int others, @Nullable Supplier<RuntimeException> firstFailure) {
    this.others = new CountDownLatch(others);
    this.firstFailure = firstFailure;
  }

  @Override
  public CarrierId carrier() {
    return CarrierId.of("twilio");
  }

  @Override
  public SendReceipt send(SendRequest request) {
    int n = calls.incrementAndGet();
    if (n == 1) {
      firstStarted.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while held", e);
      }
      if (firstFailure != null) throw firstFailure.get();
    } else {
      others.countDown();
    }
    return new SendReceipt("fake-" + n, 1, "accepted");
  }
}
