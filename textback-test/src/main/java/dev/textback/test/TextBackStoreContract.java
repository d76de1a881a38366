package dev.textback.test;

import dev.textback.spi.TextBackStore;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * The behaviour every {@link TextBackStore} must show, as JUnit Jupiter tests. Extend it in your store's test
 * sources and supply {@link #newStore()}:
 *
 * <pre>{@code
 * class MyStoreTest extends TextBackStoreContract {
 *   @Override
 *   protected TextBackStore newStore() {
 *     return new MyStore(freshEmptyDatabase());
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a new, empty store. Stores shared by several engine instances should also override
 * {@link #anotherInstance} so the concurrency tests race two instances on the same data. The contract uses
 * instants with whole milliseconds, and starts threads for its concurrency tests (bounded in number and time).
 */
public abstract class TextBackStoreContract {
  private @Nullable TextBackStore store;
  private final List<TextBackStore> others = new ArrayList<>();

  /** A new store with no data in it, for one test. */
  protected abstract TextBackStore newStore() throws Exception;

  /**
   * A second store on the same data as {@code store}, as another engine instance (another process) would open
   * it. The default returns {@code store} itself, right for stores that live in one process.
   */
  protected TextBackStore anotherInstance(TextBackStore store) throws Exception {
    return store;
  }

  /** Frees a store after its test (every store {@link #newStore} or {@link #anotherInstance} returned). */
  protected void release(TextBackStore store) throws Exception {
    store.close();
  }

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void releaseStores() throws Exception {
    for (TextBackStore other : others) {
      if (other != store) release(other);
    }
    others.clear();
    if (store != null) release(store);
    store = null;
  }

  final TextBackStore store() {
    return store;
  }

  /** The second instance for this test, opened on first use. */
  final TextBackStore other() {
    if (others.isEmpty()) {
      try {
        others.add(anotherInstance(store));
      } catch (Exception e) {
        throw new IllegalStateException("cannot open another instance of the store", e);
      }
    }
    return others.get(0);
  }

  /** Transactions: atomicity, rollback, re-runs after conflicts, serialisation of racing deciders. */
  @Nested
  class Transactions extends TransactionContract {
    @Override
    TextBackStoreContract contract() {
      return TextBackStoreContract.this;
    }
  }

  /** Decided calls and cooldown episodes. */
  @Nested
  class CallsAndEpisodes extends CallAndEpisodeContract {
    @Override
    TextBackStoreContract contract() {
      return TextBackStoreContract.this;
    }
  }

  /** The opt-out ledger, unreachable numbers, inbound dedupe and the replies given to inbound texts. */
  @Nested
  class Ledgers extends LedgerContract {
    @Override
    TextBackStoreContract contract() {
      return TextBackStoreContract.this;
    }
  }

  /** Outbox entries inside transactions. */
  @Nested
  class Outbox extends OutboxContract {
    @Override
    TextBackStoreContract contract() {
      return TextBackStoreContract.this;
    }
  }

  /** Delivery receipts kept until their send is recorded. */
  @Nested
  class EarlyReceipts extends EarlyReceiptContract {
    @Override
    TextBackStoreContract contract() {
      return TextBackStoreContract.this;
    }
  }

  /** Claiming due outbox entries with leases. */
  @Nested
  class Claims extends ClaimContract {
    @Override
    TextBackStoreContract contract() {
      return TextBackStoreContract.this;
    }
  }

  /** Reply routing and escalation notices as outbox work, claimed apart from texts. */
  @Nested
  class Routing extends RoutingClaimContract {
    @Override
    TextBackStoreContract contract() {
      return TextBackStoreContract.this;
    }
  }

  /** Conversations, their messages, escalations. */
  @Nested
  class Conversations extends ConversationContract {
    @Override
    TextBackStoreContract contract() {
      return TextBackStoreContract.this;
    }
  }

  /** Funnel numbers. */
  @Nested
  class Funnel extends FunnelContract {
    @Override
    TextBackStoreContract contract() {
      return TextBackStoreContract.this;
    }
  }

  /** The owner's call list, the callers to call back and the marks that take them off it. */
  @Nested
  class CallActivities extends CallActivityContract {
    @Override
    TextBackStoreContract contract() {
      return TextBackStoreContract.this;
    }
  }

  /** State carrier adapters keep between the webhooks of one call. */
  @Nested
  class PendingCalls extends PendingCallContract {
    @Override
    TextBackStoreContract contract() {
      return TextBackStoreContract.this;
    }
  }

  /** The outbox backlog counted for metrics and health checks. */
  @Nested
  class Backlog extends BacklogContract {
    @Override
    TextBackStoreContract contract() {
      return TextBackStoreContract.this;
    }
  }

  /** Retention. */
  @Nested
  class Purge extends PurgeContract {
    @Override
    TextBackStoreContract contract() {
      return TextBackStoreContract.this;
    }
  }
}
