package dev.textback.routing;

import dev.textback.spi.ReplyRouter;
import dev.textback.spi.RoutedReply;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Hands each reply to several routers in order, e.g. a CRM webhook and the owner's phone. Every router is
 * called even when an earlier one fails, so a CRM outage does not keep the owner from hearing about a
 * reply. When some fail, the first failure is thrown afterwards with the others attached as suppressed
 * exceptions. Thread-safe when its routers are.
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

  /** @throws Exception the first router's failure, the later ones suppressed in it */
  @Override
  public void route(RoutedReply reply) throws Exception {
    Exception first = null;
    for (ReplyRouter router : routers) {
      try {
        router.route(reply);
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else if (e != first) {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) throw first;
  }

  @Override
  public String toString() {
    return "CompositeReplyRouter" + routers;
  }
}
