package dev.textback.routing;

import dev.textback.spi.Escalation;
import dev.textback.spi.EscalationNotifier;
import dev.textback.spi.RoutingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Tells several notifiers of each escalation in order, e.g. an escalation webhook and the owner's phone. Every
 * notifier is called even when an earlier one fails, so a webhook outage does not keep the owner's text back. When
 * some fail, the first failure is thrown afterwards with the others suppressed in it; when that one is a permanent
 * {@link RoutingException} but a later one is not, the first retriable one is thrown instead, so the engine tries
 * the escalation again rather than ending it with a notifier still to reach. A retry calls every notifier again;
 * the owner's text, queued once per escalation, is not queued twice. Thread-safe when its notifiers are.
 */
public final class CompositeEscalationNotifier implements EscalationNotifier {
  private final List<EscalationNotifier> notifiers;

  private CompositeEscalationNotifier(List<EscalationNotifier> notifiers) {
    this.notifiers = notifiers;
  }

  /** @throws NullPointerException when any notifier is null */
  public static CompositeEscalationNotifier of(EscalationNotifier... notifiers) {
    Objects.requireNonNull(notifiers, "notifiers == null");
    return of(Arrays.asList(notifiers));
  }

  /** @throws NullPointerException when any notifier is null */
  public static CompositeEscalationNotifier of(List<? extends EscalationNotifier> notifiers) {
    Objects.requireNonNull(notifiers, "notifiers == null");
    for (EscalationNotifier n : notifiers) Objects.requireNonNull(n, "notifier == null");
    return new CompositeEscalationNotifier(List.copyOf(notifiers));
  }

  public List<EscalationNotifier> notifiers() {
    return notifiers;
  }

  /** @throws Exception the first failure (the first retriable one, if any), the others suppressed in it */
  @Override
  public void escalate(Escalation escalation) throws Exception {
    List<Exception> failures = new ArrayList<>();
    for (EscalationNotifier notifier : notifiers) {
      try {
        notifier.escalate(escalation);
      } catch (Exception e) {
        if (!failures.contains(e)) failures.add(e);
      }
    }
    RoutingFailures.throwIfAny(failures);
  }

  @Override
  public String toString() {
    return "CompositeEscalationNotifier" + notifiers;
  }
}
