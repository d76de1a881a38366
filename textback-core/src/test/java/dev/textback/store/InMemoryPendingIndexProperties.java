package dev.textback.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.phone.PhoneNumber;
import dev.textback.spi.ClaimScope;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The in-memory store's indexes of pending entries (by due time for claims, by recipient for cancelling) against a
 * plain list, under random inserts, claims, sends, cancels and reschedules. Due times come from three instants, so
 * most entries tie and the order falls to their ids; recipients from three numbers, so cancels find several.
 */
class InMemoryPendingIndexProperties {
  private static final Instant T0 = Instant.parse("2026-03-02T15:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(1);
  private static final ClaimScope TWILIO = ClaimScope.carriers(Set.of("twilio"));
  private static final List<PhoneNumber> RECIPIENTS = List.of(PhoneNumber.of("+12125550101"),
      PhoneNumber.of("+12125550102"), PhoneNumber.of("+12125550103"));
  private static final Comparator<OutboxEntry> DUE_ORDER =
      Comparator.comparing(OutboxEntry::dueAt).thenComparing(OutboxEntry::id);

  @Property(tries = 300)
  void claims_and_cancels_see_exactly_the_pending_entries(@ForAll long seed) {
    Random random = new Random(seed);
    InMemoryTextBackStore store = new InMemoryTextBackStore();
    // The model: every entry as last written.
    Map<String, OutboxEntry> model = new HashMap<>();
    Instant now = T0;
    int next = 0;
    for (int step = 0; step < 120; step++) {
      int op = random.nextInt(10);
      if (op < 4 || model.isEmpty()) {
        OutboxEntry e = entry("ob_" + Integer.toHexString(random.nextInt(1 << 20)) + "_" + next++,
            T0.plusSeconds(random.nextInt(3)), RECIPIENTS.get(random.nextInt(3)));
        store.inTransaction(tx -> {
          tx.insertOutbox(e);
          return null;
        });
        model.put(e.id(), e);
      } else if (op < 6) {
        // Now and then past the lease, so claims take over lapsed ones.
        now = now.plusSeconds(random.nextInt(6) == 0 ? LEASE.getSeconds() + 1 : random.nextInt(2));
        int limit = 1 + random.nextInt(4);
        Instant at = now;
        List<OutboxEntry> expected = model.values().stream()
            .filter(e -> e.status() == OutboxStatus.PENDING && !e.dueAt().isAfter(at)
                && (e.leaseUntil() == null || e.leaseUntil().isBefore(at)))
            .sorted(DUE_ORDER).limit(limit).collect(Collectors.toList());
        List<OutboxEntry> claimed = store.claimDue("engine-1", now, LEASE, limit, TWILIO);
        assertThat(ids(claimed)).containsExactlyElementsOf(ids(expected));
        for (OutboxEntry c : claimed) model.put(c.id(), c);
      } else if (op < 8) {
        // Store a claim's result (sent, or released to another due time as a retry is), or reschedule a pending
        // entry in a transaction.
        List<OutboxEntry> pending = model.values().stream().filter(e -> e.status() == OutboxStatus.PENDING)
            .sorted(Comparator.comparing(OutboxEntry::id)).collect(Collectors.toList());
        if (pending.isEmpty()) continue;
        OutboxEntry e = pending.get(random.nextInt(pending.size()));
        if (e.leaseOwner() != null) {
          OutboxEntry result = random.nextBoolean()
              ? e.toBuilder().status(OutboxStatus.SENT).sentAt(now).carrierMessageId("SM" + e.id()).build()
              : e.toBuilder().dueAt(T0.plusSeconds(random.nextInt(3))).build();
          assertThat(store.completeClaim(e, result)).isTrue();
          model.put(e.id(), result.toBuilder().leaseOwner(null).leaseUntil(null).build());
        } else {
          OutboxEntry updated = e.toBuilder().dueAt(T0.plusSeconds(random.nextInt(3))).build();
          store.inTransaction(tx -> {
            tx.updateOutbox(updated);
            return null;
          });
          model.put(e.id(), updated);
        }
      } else {
        PhoneNumber to = RECIPIENTS.get(random.nextInt(3));
        List<OutboxEntry> expected = model.values().stream()
            .filter(e -> e.status() == OutboxStatus.PENDING && e.to().equals(to)).collect(Collectors.toList());
        boolean rollBack = random.nextInt(4) == 0;
        List<OutboxEntry> found = new ArrayList<>();
        try {
          store.inTransaction(tx -> {
            found.addAll(tx.lockPendingTo("summit", to, OutboxKind.TEXT_BACK));
            for (OutboxEntry e : found) {
              tx.updateOutbox(e.toBuilder().status(OutboxStatus.CANCELED).leaseOwner(null).leaseUntil(null).build());
            }
            if (rollBack) throw new IllegalStateException("rolled back");
            return null;
          });
        } catch (IllegalStateException rolledBack) {
          // Nothing changed: the model stays as it is.
        }
        expected.sort(DUE_ORDER);
        assertThat(ids(found)).containsExactlyElementsOf(ids(expected));
        if (!rollBack) {
          for (OutboxEntry e : found) model.put(e.id(), e.toBuilder().status(OutboxStatus.CANCELED).build());
        }
      }
      long pending = model.values().stream().filter(e -> e.status() == OutboxStatus.PENDING).count();
      assertThat(store.outboxBacklog(now.plus(LEASE)).pending()).isEqualTo(pending);
    }
    for (OutboxEntry e : model.values()) {
      assertThat(store.outboxEntry(e.id())).hasValueSatisfying(stored -> {
        assertThat(stored.id()).isEqualTo(e.id());
        assertThat(stored.status()).isEqualTo(e.status());
        assertThat(stored.dueAt()).isEqualTo(e.dueAt());
      });
    }
  }

  private static OutboxEntry entry(String id, Instant dueAt, PhoneNumber to) {
    return OutboxEntry.builder().id(id).kind(OutboxKind.TEXT_BACK).status(OutboxStatus.PENDING).businessId("summit")
        .carrier("twilio").from(PhoneNumber.of("+13035550100")).to(to).body("Sorry we missed your call.")
        .createdAt(T0).dueAt(dueAt).build();
  }

  private static List<String> ids(List<OutboxEntry> entries) {
    return entries.stream().map(OutboxEntry::id).collect(Collectors.toList());
  }
}
