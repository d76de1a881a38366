package dev.textback.engine;

import dev.textback.spi.Escalation;
import dev.textback.spi.EscalationNotifier;
import dev.textback.spi.ReplyRouter;
import dev.textback.spi.RoutedReply;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A reply router and escalation notifier that records what it was handed and can be told to hang once entered,
 * as a router does in a process that is about to be killed.
 */
final class RoutingRecorder implements ReplyRouter, EscalationNotifier {
  final List<RoutedReply> replies = new CopyOnWriteArrayList<>();
  final List<Escalation> escalations = new CopyOnWriteArrayList<>();
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release;

  private RoutingRecorder(boolean hang) {
    this.release = new CountDownLatch(hang ? 1 : 0);
  }

  /** Records and returns at once. */
  static RoutingRecorder recording() {
    return new RoutingRecorder(false);
  }

  /** Records, then hangs until {@link #release()}. */
  static RoutingRecorder hanging() {
    return new RoutingRecorder(true);
  }

  @Override
  public void route(RoutedReply reply) throws InterruptedException {
    replies.add(reply);
    entered.countDown();
    release.await();
  }

  @Override
  public void escalate(Escalation escalation) throws InterruptedException {
    escalations.add(escalation);
    entered.countDown();
    release.await();
  }

  /** Waits until something was handed over; false after 30 s. */
  boolean awaitEntered() throws InterruptedException {
    return entered.await(30, TimeUnit.SECONDS);
  }

  void release() {
    release.countDown();
  }
}
