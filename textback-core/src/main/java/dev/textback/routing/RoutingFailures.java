package dev.textback.routing;

import dev.textback.spi.RoutingException;
import java.util.List;

/** What a composite of routers or notifiers throws when some of them failed. */
final class RoutingFailures {
  private RoutingFailures() {}

  /**
   * Throws the first of {@code failures} that is not a permanent {@link RoutingException} (else the first), with
   * the others suppressed in it, so one part's permanent failure never ends work another part can still do on a
   * retry. Returns when there were none.
   */
  static void throwIfAny(List<Exception> failures) throws Exception {
    if (failures.isEmpty()) return;
    Exception thrown = failures.stream().filter(e -> !(e instanceof RoutingException r && r.permanent()))
        .findFirst().orElse(failures.get(0));
    for (Exception e : failures) {
      if (e != thrown) thrown.addSuppressed(e);
    }
    throw thrown;
  }
}
