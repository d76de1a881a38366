package dev.textback.routing;

import dev.textback.spi.ReplyRouter;
import dev.textback.spi.RoutedReply;
import dev.textback.spi.RoutingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Hands each reply to several routers in order, e.g. a CRM webhook and the owner's phone. Every router is
 * called even when an earlier one fails, so a CRM outage does not keep the owner from hearing about a
 * reply. When some fail, the first failure is thrown afterwards with the others attached as suppressed
 * exceptions; when that one is a permanent {@link RoutingException} but a later one is not, the first retriable
 * one is thrown instead, so the engine tries the reply again. A retry calls every router again, flagged
 * {@link RoutedReply#possibleDuplicate()}; texts the owner router queued the first time are not queued twice.
 * Thread-safe when its routers are.
 */
public final class CompositeReplyRouter implements ReplyRouter {
  private final List<ReplyRouter> routers;

  private CompositeReplyRouter(List<ReplyRouter> routers) {
    this.routers = routers;
  }

  /** @throws NullPointerException when any router is null */
  public static CompositeReplyRouter of(ReplyRouter... routers) {
    Objects.requireNonNull(routers, "routers == null");
    return of(Arrays.asList(routers));
  }

  /** @throws NullPointerException when any router is null */
  public static CompositeReplyRouter of(List<? extends ReplyRouter> routers) {
    Objects.requireNonNull(routers, "routers == null");
    for (ReplyRouter r : routers) Objects.requireNonNull(r, "router == null");
    return new CompositeReplyRouter(List.copyOf(routers));
  }

  public List<ReplyRouter> routers() {
    return routers;
  }

  /** @throws Exception the first failure (the first retriable one, if any), the others suppressed in it */
  @Override
  public void route(RoutedReply reply) throws Exception {
    List<Exception> failures = new ArrayList<>();
    for (ReplyRouter router : routers) {
      try {
        router.route(reply);
      } catch (Exception e) {
        if (!failures.contains(e)) failures.add(e);
      }
    }
    RoutingFailures.throwIfAny(failures);
  }

  @Override
  public String toString() {
    return "CompositeReplyRouter" + routers;
  }
}
