package dev.textback.spi;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which outbox entries one dispatcher may claim ({@link TextBackStore#claimDue}): those sent through a carrier it
 * has a gateway for, and those of kinds that no carrier sends (work any engine can do, whatever carrier the entry
 * names). Engines with different carriers on one database thus never claim each other's texts.
 *
 * <p>Immutable and thread-safe. Build one with {@link #carriers} and, for carrier-free work,
 * {@link #withAnyCarrier}.
 */
public final class ClaimScope {
  private final Set<String> carriers;
  private final Set<OutboxKind> anyCarrierKinds;

  private ClaimScope(Set<String> carriers, Set<OutboxKind> anyCarrierKinds) {
    this.carriers = carriers;
    this.anyCarrierKinds = anyCarrierKinds;
  }

  /**
   * Entries sent through one of these carriers (by {@link OutboxEntry#carrier()} name).
   *
   * @throws NullPointerException when {@code carriers} or one of its names is null
   */
  public static ClaimScope carriers(Collection<String> carriers) {
    Objects.requireNonNull(carriers, "carriers == null");
    Set<String> names = new LinkedHashSet<>();
    for (String name : carriers) names.add(Objects.requireNonNull(name, "carrier name == null"));
    return new ClaimScope(Collections.unmodifiableSet(names), Set.of());
  }

  /** Entries sent through one of these carriers. */
  public static ClaimScope carriers(String... carriers) {
    return carriers(Arrays.asList(carriers));
  }

  /** This scope plus entries of {@code kinds}, whatever carrier they name: work that needs no carrier's gateway. */
  public ClaimScope withAnyCarrier(Collection<OutboxKind> kinds) {
    Objects.requireNonNull(kinds, "kinds == null");
    EnumSet<OutboxKind> all = EnumSet.noneOf(OutboxKind.class);
    all.addAll(anyCarrierKinds);
    for (OutboxKind kind : kinds) all.add(Objects.requireNonNull(kind, "kind == null"));
    return new ClaimScope(carriers, Collections.unmodifiableSet(all));
  }

  /** Carrier names whose entries are in scope, in the order given; may be empty. */
  public Set<String> carriers() {
    return carriers;
  }

  /** Kinds in scope whatever their carrier; usually empty. */
  public Set<OutboxKind> anyCarrierKinds() {
    return anyCarrierKinds;
  }

  /** True when nothing can be in scope (no carrier and no carrier-free kind): a claim returns nothing. */
  public boolean isEmpty() {
    return carriers.isEmpty() && anyCarrierKinds.isEmpty();
  }

  /** Whether {@code entry} is in scope (its status and due time aside). */
  public boolean includes(OutboxEntry entry) {
    return carriers.contains(entry.carrier()) || anyCarrierKinds.contains(entry.kind());
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ClaimScope s && carriers.equals(s.carriers) && anyCarrierKinds.equals(s.anyCarrierKinds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(carriers, anyCarrierKinds);
  }

  @Override
  public String toString() {
    return "ClaimScope[carriers " + carriers + (anyCarrierKinds.isEmpty() ? "" : ", any carrier " + anyCarrierKinds)
        + "]";
  }
}
