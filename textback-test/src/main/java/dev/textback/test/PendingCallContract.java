package dev.textback.test;

import static dev.textback.test.StoreTestData.T0;
import static dev.textback.test.StoreTestData.TWILIO;
import static dev.textback.test.StoreTestData.VONAGE;
import static dev.textback.test.StoreTestData.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.spi.DuplicateKeyException;
import dev.textback.spi.TextBackStore;
import dev.textback.spi.PendingCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * What carrier adapters remember between the webhooks of one call: kept per (carrier, call id), visible to
 * every instance, merged under concurrent writes, gone once forgotten or past retention.
 */
abstract class PendingCallContract extends StoreContractGroup {
  @Test
  void keeps_what_an_adapter_remembered_until_it_is_deleted() {
    PendingCall dial = new PendingCall(TWILIO, "CA1", Map.of("dialOutcome", "BUSY"), T0);
    write(tx -> tx.insertPendingCall(dial));

    assertThat(find(tx -> tx.lockPendingCall(TWILIO, "CA1"))).contains(dial);
    assertThat(find(tx -> tx.lockPendingCall(VONAGE, "CA1"))).isEmpty();
    assertThat(find(tx -> tx.lockPendingCall(TWILIO, "CA2"))).isEmpty();

    assertThat(check(tx -> tx.deletePendingCall(TWILIO, "CA1"))).isTrue();
    assertThat(check(tx -> tx.deletePendingCall(TWILIO, "CA1"))).isFalse();
    assertThat(find(tx -> tx.lockPendingCall(TWILIO, "CA1"))).isEmpty();
  }

  @Test
  void keeps_values_with_any_characters_in_their_order() {
    Map<String, String> odd = new java.util.LinkedHashMap<>();
    odd.put("leg", "b2f1-43&x=y");
    odd.put("caller", "+12015550123");
    odd.put("note", "naïve € % ü\n");
    write(tx -> tx.insertPendingCall(new PendingCall(TWILIO, "CA1", odd, T0)));

    PendingCall read = find(tx -> tx.lockPendingCall(TWILIO, "CA1")).orElseThrow();
    assertThat(read.values()).containsExactly(Map.entry("leg", "b2f1-43&x=y"),
        Map.entry("caller", "+12015550123"), Map.entry("note", "naïve € % ü\n"));
  }

  @Test
  void replaces_what_is_remembered_on_update() {
    write(tx -> tx.insertPendingCall(new PendingCall(TWILIO, "CA1", Map.of("dialOutcome", "BUSY"), T0)));
    PendingCall later = new PendingCall(TWILIO, "CA1", Map.of("dialOutcome", "NO_ANSWER", "machine", "true"),
        minutes(2));

    write(tx -> tx.updatePendingCall(later));

    assertThat(find(tx -> tx.lockPendingCall(TWILIO, "CA1"))).contains(later);
  }

  @Test
  void refuses_a_second_insert_of_the_same_call() {
    write(tx -> tx.insertPendingCall(new PendingCall(TWILIO, "CA1", Map.of("a", "1"), T0)));

    assertThatThrownBy(() -> write(tx -> {
      // Inside the work the store re-runs, the duplicate stays a duplicate: it surfaces in the end.
      tx.insertPendingCall(new PendingCall(TWILIO, "CA1", Map.of("b", "2"), T0));
    })).isInstanceOf(DuplicateKeyException.class);
    assertThat(find(tx -> tx.lockPendingCall(TWILIO, "CA1")).orElseThrow().values()).containsOnlyKeys("a");
  }

  @Test
  void forgets_nothing_of_a_rolled_back_transaction() {
    write(tx -> tx.insertPendingCall(new PendingCall(TWILIO, "CA1", Map.of("a", "1"), T0)));

    assertThatThrownBy(() -> write(tx -> {
      tx.deletePendingCall(TWILIO, "CA1");
      tx.insertPendingCall(new PendingCall(TWILIO, "CA2", Map.of("b", "2"), T0));
      throw new IllegalStateException("boom");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(find(tx -> tx.lockPendingCall(TWILIO, "CA1"))).isPresent();
    assertThat(find(tx -> tx.lockPendingCall(TWILIO, "CA2"))).isEmpty();
  }

  @Test
  void merges_what_two_instances_remember_about_one_call_at_the_same_time() throws Exception {
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      TextBackStore target = i % 2 == 0 ? store() : other();
      String name = "value" + i;
      tasks.add(() -> target.inTransaction(tx -> {
        var existing = tx.lockPendingCall(TWILIO, "CA1");
        if (existing.isPresent()) tx.updatePendingCall(existing.get().with(Map.of(name, "x"), T0));
        else tx.insertPendingCall(new PendingCall(TWILIO, "CA1", Map.of(name, "x"), T0));
        return true;
      }));
    }

    race(tasks);

    assertThat(find(tx -> tx.lockPendingCall(TWILIO, "CA1")).orElseThrow().values())
        .containsOnlyKeys("value0", "value1", "value2", "value3");
  }

  @Test
  void purges_state_last_changed_before_the_cutoff() {
    write(tx -> {
      tx.insertPendingCall(new PendingCall(TWILIO, "old", Map.of("a", "1"), T0));
      tx.insertPendingCall(new PendingCall(TWILIO, "recent", Map.of("a", "1"), T0.plus(Duration.ofDays(2))));
    });

    int removed = store().purge(T0.plus(Duration.ofDays(1)), T0);

    assertThat(removed).isEqualTo(1);
    assertThat(find(tx -> tx.lockPendingCall(TWILIO, "old"))).isEmpty();
    assertThat(find(tx -> tx.lockPendingCall(TWILIO, "recent"))).isPresent();
  }
}
