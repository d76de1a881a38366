package dev.textback.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * {@link RowIndex} against a plain list of (key, row) pairs: after any sequence of puts, adds and removals, every
 * key finds exactly the rows the list holds for it, and iteration visits every row once. Keys with colliding hashes
 * make long probe runs, so removals have to move rows back for later lookups to find them; keys with spread hashes
 * put rows at many homes, so runs wrap around the end of a table.
 */
class RowIndexProperties {

  /** A row: its key, and an identity of its own (two rows with the same key are different rows). */
  static final class Row {
    final Key key;

    Row(Key key) {
      this.key = key;
    }
  }

  /** A key whose hash, by {@code spread}, takes only a few values (most keys collide) or one per key. */
  record Key(int value, boolean spread) {
    Key(int value) {
      this(value, false);
    }

    @Override
    public int hashCode() {
      return spread ? value : value % 3;
    }
  }

  @Property(tries = 1_000)
  void finds_exactly_the_rows_a_plain_list_holds(@ForAll long seed) {
    Random random = new Random(seed);
    // Recent tables of 1 to 64 rows move rows into the main table many times a run (1 to 4 most of all); the default
    // never would here.
    int recentLimit = switch (random.nextInt(8)) {
      case 0 -> RowIndex.RECENT_LIMIT;
      case 1, 2, 3 -> 1 + random.nextInt(4);
      default -> 1 + random.nextInt(64);
    };
    // Main tables from 16 slots up grow apart in most runs: the old one is still moving out while rows come and go.
    int growApartFrom = switch (random.nextInt(4)) {
      case 0 -> RowIndex.GROW_APART_FROM;
      default -> 16 << random.nextInt(3);
    };
    RowIndex<Key> index =
        new RowIndex<>(row -> ((Row) row).key, recentLimit, random.nextInt(RowIndex.DRAIN_EVERY), growApartFrom);
    List<Row> model = new ArrayList<>();
    int keys = 1 + random.nextInt(60);
    boolean spread = random.nextBoolean();
    for (int step = 0, steps = random.nextInt(400); step < steps; step++) {
      Key key = new Key(random.nextInt(keys), spread);
      switch (random.nextInt(6)) {
        case 0: { // put: replaces a row of the key (the only one, on a primary index), or adds
          Row row = new Row(key);
          List<Row> ofKey = rowsOf(model, key);
          Object old = index.put(key, row);
          if (ofKey.isEmpty()) {
            assertThat(old).isNull();
            model.add(row);
          } else {
            assertThat(ofKey).contains((Row) old);
            model.set(model.indexOf(old), row);
          }
          break;
        }
        case 1: { // add beside the key's other rows
          Row row = new Row(key);
          index.add(key, row);
          model.add(row);
          break;
        }
        case 2: { // remove a row of the key
          List<Row> ofKey = rowsOf(model, key);
          Object removed = index.removeKey(key);
          if (removed == null) {
            assertThat(ofKey).isEmpty();
          } else {
            assertThat(ofKey).contains((Row) removed);
            model.remove(removed);
          }
          break;
        }
        case 3: { // remove one row by identity
          if (model.isEmpty()) break;
          Row row = model.get(random.nextInt(model.size()));
          assertThat(random.nextBoolean() ? index.remove(row.key, row) : index.removeRow(row)).isTrue();
          model.remove(row);
          assertThat(index.removeRow(row)).as("a row removed once is gone").isFalse();
          break;
        }
        case 4: { // the store's undo of a write: a put, then the row before it put back (or the new one removed)
          Object old = index.put(key, new Row(key));
          if (old == null) index.removeKey(key);
          else assertThat(index.put(key, old)).isNotNull();
          break;
        }
        default: { // look up
          Object found = index.get(key);
          if (found == null) assertThat(rowsOf(model, key)).isEmpty();
          else assertThat(rowsOf(model, key)).contains((Row) found);
        }
      }
      assertThat(index.size()).isEqualTo(model.size());
      if (step % 7 == 0) assertHoldsExactly(index, model, keys, spread);
    }
    assertHoldsExactly(index, model, keys, spread);
  }

  /** Every key finds exactly its rows, and iteration visits every row once. */
  private static void assertHoldsExactly(RowIndex<Key> index, List<Row> model, int keys, boolean spread) {
    for (int k = 0; k < keys; k++) {
      Key key = new Key(k, spread);
      List<Row> expected = model.stream().filter(r -> r.key.equals(key)).toList();
      assertThat(index.getAll(key)).containsExactlyInAnyOrderElementsOf(expected);
      if (!expected.isEmpty()) assertThat(expected).contains((Row) index.get(key));
    }
    IdentityHashMap<Object, Integer> seen = new IdentityHashMap<>();
    for (Object row : index) seen.merge(row, 1, Integer::sum);
    assertThat(seen).hasSize(model.size());
    assertThat(seen.values()).allMatch(n -> n == 1);
    for (Row row : model) assertThat(seen).containsKey(row);
  }

  @Test
  void grows_and_shrinks_and_keeps_every_row_reachable() {
    for (int recentLimit : new int[] {RowIndex.RECENT_LIMIT, 1_000, 1}) {
      growsAndShrinks(new RowIndex<>(row -> ((Row) row).key, recentLimit));
    }
  }

  private static void growsAndShrinks(RowIndex<Key> index) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Row row = new Row(new Key(i));
      rows.add(row);
      index.add(row.key, row);
    }
    for (int i = 0; i < 10_000; i += 2) assertThat(index.removeRow(rows.get(i))).isTrue();
    assertThat(index.size()).isEqualTo(5_000);
    for (int i = 0; i < 10_000; i++) {
      assertThat(index.get(new Key(i))).isSameAs(i % 2 == 0 ? null : rows.get(i));
    }
    for (int i = 1; i < 10_000; i += 2) assertThat(index.removeKey(new Key(i))).isSameAs(rows.get(i));
    assertThat(index.size()).isZero();
    assertThat(index.iterator().hasNext()).isFalse();
  }

  @Test
  void removals_from_the_draining_table_partway_through_its_move_lose_no_row() {
    for (boolean byKey : new boolean[] {true, false}) {
      RowIndex<Key> index = new RowIndex<>(row -> ((Row) row).key, 1_000);
      List<Row> model = new ArrayList<>();
      int next = 0;
      // Two rounds set the first 1,000 rows aside to drain; 125 more inserts move about half of them to the main table.
      for (; next < 2_125; next++) {
        addRow(index, model, next);
      }
      // Most of the rows still draining go, enough that a table which shrank (rehashed) would lose its move's place.
      removeNineInTen(index, model, 1_000, byKey);
      assertHoldsExactly(index, model, next, true);
      // Two more rounds: whatever was left draining has moved, and so has the round after it.
      for (; next < 4_100; next++) {
        addRow(index, model, next);
      }
      assertThat(index.size()).isEqualTo(model.size());
      assertHoldsExactly(index, model, next, true);
    }
  }

  @Test
  void a_table_set_aside_drains_in_batches_over_a_quarter_of_the_next_round() {
    RowIndex<Key> index = new RowIndex<>(row -> ((Row) row).key, 1_000);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      Row row = new Row(new Key(i, true));
      rows.add(row);
      index.add(row.key, row);
      int intoRound = (i + 1) % 1_000;
      // Rotations at 1,000 and 2,000 rows: the second sets the first 1,000 aside to drain, 64 every 16 inserts.
      if (i + 1 >= 2_000) {
        int expected = Math.max(0, 1_000 - intoRound / RowIndex.DRAIN_EVERY * RowIndex.DRAIN_BATCH);
        assertThat(index.draining()).as("after %d inserts", i + 1).isEqualTo(i + 1 == 3_000 ? 1_000 : expected);
      }
    }
    assertThat(index.size()).isEqualTo(3_000);
    for (Row row : rows) assertThat(index.get(row.key)).isSameAs(row);
  }

  @Test
  void a_large_main_table_grows_apart_and_the_old_one_moves_out_in_batches() {
    RowIndex<Key> index = new RowIndex<>(row -> ((Row) row).key, 100, 0, 1_024);
    List<Row> rows = new ArrayList<>();
    int grewApart = 0;
    for (int i = 0; i < 20_000; i++) {
      int capacity = index.mainCapacity();
      int moving = index.oldMain();
      Row row = new Row(new Key(i, true));
      rows.add(row);
      index.add(row.key, row);
      if (index.mainCapacity() != capacity && capacity >= 1_024) {
        // The whole table, three quarters full, is set aside at once; none of it has moved yet.
        assertThat(moving).as("nothing left from the growth before, at insert %d", i + 1).isZero();
        assertThat(index.mainCapacity()).isEqualTo(capacity * 2);
        assertThat(index.oldMain()).as("set aside at insert %d", i + 1).isEqualTo(capacity * 3 / 4);
        grewApart++;
      } else {
        // Below 1,024 slots the main table may double in place; from there on only apart.
        if (capacity >= 1_024) {
          assertThat(index.mainCapacity()).as("doubled in place at insert %d", i + 1).isEqualTo(capacity);
        }
        // Phase 0 drains the recent rows set aside; the old main table moves on phase 8, a batch at a time.
        int expected = (i + 1) % RowIndex.DRAIN_EVERY == RowIndex.DRAIN_EVERY / 2
            ? Math.max(0, moving - RowIndex.DRAIN_BATCH) : moving;
        assertThat(index.oldMain()).as("after insert %d", i + 1).isEqualTo(expected);
      }
      if (i % 97 == 0) {
        for (Row r : rows) assertThat(index.get(r.key)).isSameAs(r);
      }
    }
    // 1,024 to 2,048 slots at 768 rows in the main table, then 4,096, 8,192, 16,384 and 32,768.
    assertThat(grewApart).isEqualTo(5);
    assertThat(index.size()).isEqualTo(20_000);
    for (Row r : rows) assertThat(index.get(r.key)).isSameAs(r);
  }

  @Test
  void removals_from_the_old_main_table_partway_through_its_move_lose_no_row() {
    for (boolean byKey : new boolean[] {true, false}) {
      RowIndex<Key> index = new RowIndex<>(row -> ((Row) row).key, 100, 0, 1_024);
      List<Row> model = new ArrayList<>();
      int next = 0;
      for (; index.oldMain() == 0 || index.oldMain() > 500; next++) {
        assertThat(next).as("inserts until the main table grew apart and half moved").isLessThan(2_000);
        addRow(index, model, next);
      }
      // The first rows are in the old main table, or already moved out of it: nine in ten go.
      removeNineInTen(index, model, 700, byKey);
      assertHoldsExactly(index, model, next, true);
      // What is left of it moves out within a few hundred inserts; then the table grows apart again, by 4,000 rows.
      int removed = next;
      for (; index.oldMain() > 0; next++) {
        assertThat(next - removed).as("inserts until the old table has moved").isLessThan(200);
        addRow(index, model, next);
      }
      assertHoldsExactly(index, model, next, true);
      for (; next < 4_000; next++) {
        addRow(index, model, next);
      }
      assertThat(index.size()).isEqualTo(model.size());
      assertHoldsExactly(index, model, next, true);
    }
  }

  @Test
  void after_the_first_round_a_recent_table_starts_at_the_size_the_last_one_reached() {
    RowIndex<Key> index = new RowIndex<>(row -> ((Row) row).key, 1_000);
    for (int i = 0; i < 5_000; i++) {
      int capacity = index.recentCapacity();
      Row row = new Row(new Key(i, true));
      index.add(row.key, row);
      // 1,000 rows need 2,048 slots at most three quarters full; the first table grows to that from 16.
      if (i >= 1_000) assertThat(index.recentCapacity()).as("after insert %d", i + 1).isEqualTo(2_048);
      else if (i > 0) assertThat(index.recentCapacity()).isGreaterThanOrEqualTo(capacity);
    }
  }

  @Test
  void settling_moves_what_inserts_left_on_its_way_in_batches_and_then_nothing() {
    RowIndex<Key> index = new RowIndex<>(row -> ((Row) row).key, 100, 0, 1_024);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; index.oldMain() < 600 || index.draining() == 0; i++) {
      assertThat(i).as("inserts until an old main table and a set-aside one are both moving").isLessThan(5_000);
      Row row = new Row(new Key(i, true));
      rows.add(row);
      index.add(row.key, row);
    }
    int moving = index.moving();
    assertThat(index.settle(500)).isEqualTo(500);
    assertThat(index.moving()).isEqualTo(moving - 500);
    assertThat(index.settle(10_000)).isEqualTo(moving - 500);
    assertThat(index.moving()).isZero();
    assertThat(index.settle(10_000)).isZero();
    assertThat(index.size()).isEqualTo(rows.size());
    for (Row r : rows) assertThat(index.get(r.key)).isSameAs(r);
  }

  @Test
  void rows_moved_into_the_main_table_do_not_pile_up_in_one_stretch_of_it() {
    RowIndex<Key> index = new RowIndex<>(row -> ((Row) row).key, 4_096, 0, 1_024);
    int longest = 0;
    for (int i = 0; i < 4 * 4_096; i++) {
      Row row = new Row(new Key(i, true));
      index.add(row.key, row);
      longest = Math.max(longest, index.longestMainRun());
    }
    // Set-aside tables of 8,192 slots, each half full, move from their first slot up into the main table; their rows'
    // homes there follow their slots. Into a main table of 8,192 slots or fewer they filled one stretch of it, with
    // runs of 1,776 slots; into one four times their size, they add an eighth to its load where they land.
    assertThat(longest).isLessThan(100);
  }

  @Test
  void removals_do_not_shrink_a_main_table_that_grew_apart_while_the_old_one_still_moves() {
    RowIndex<Key> index = new RowIndex<>(row -> ((Row) row).key, 100, 0, 1_024);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; index.oldMain() == 0 || index.oldMain() > 400; i++) {
      assertThat(i).as("inserts until the main table grew apart and part moved").isLessThan(5_000);
      Row row = new Row(new Key(i, true));
      rows.add(row);
      index.add(row.key, row);
    }
    int capacity = index.mainCapacity();
    // The oldest rows: in the old table, or moved from it into the new main table, which holds few rows so far.
    for (int i = 0; i < 700; i++) assertThat(index.removeRow(rows.get(i))).isTrue();
    assertThat(index.oldMain()).isPositive();
    assertThat(index.mainCapacity()).as("main table slots while the old one moves").isEqualTo(capacity);
  }

  /** Adds a row with the spread key {@code value} to both the index and the model. */
  private static void addRow(RowIndex<Key> index, List<Row> model, int value) {
    Row row = new Row(new Key(value, true));
    index.add(row.key, row);
    model.add(row);
  }

  /** Removes, by key or by row, every row of the first {@code below} added but one in ten, from both. */
  private static void removeNineInTen(RowIndex<Key> index, List<Row> model, int below, boolean byKey) {
    for (int i = 0; i < below; i++) {
      if (i % 10 == 0) continue;
      Row row = model.get(i);
      if (byKey) assertThat(index.removeKey(row.key)).isSameAs(row);
      else assertThat(index.removeRow(row)).isTrue();
    }
    model.removeIf(row -> row.key.value() < below && row.key.value() % 10 != 0);
  }

  private static List<Row> rowsOf(List<Row> model, Key key) {
    return model.stream().filter(r -> r.key.equals(key)).toList();
  }
}
