package dev.textback.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A hash index of the in-memory store's rows that keeps no key objects: each slot holds a row as stored (its bytes,
 * or the row object for the few rows kept as objects) and the hash of its key, and a key is compared by reading it
 * from the row. A {@code HashMap} costs a node and a key object per row besides the row; this costs two array slots.
 * Open addressing with linear probing; removal shifts the rows after it back, so there are no tombstones, except in
 * a table that is moving into the main one (below), where a row that leaves marks its slot instead.
 *
 * <p>Several rows may share a key (a secondary index); {@link #get}, {@link #put} and {@link #removeKey} treat the
 * first found as the row of that key (a primary index), looking in the newest table first. Not thread-safe: the
 * store uses it under its lock.
 *
 * <p>New rows go to a small table of recent rows first. When it holds {@code recentLimit} rows it is set aside
 * (still searched) and a new one started; the one set aside before that starts draining into the main table, a
 * batch every few inserts. A row is a new object when stored, and a reference from an old array to a new object is
 * something every young collection must find: G1 scans each card (512 bytes) of the old arrays written since the
 * last collection. Written at random slots of main tables sized for a million rows, those cards grew to 58,000 -
 * 146,000 per collection (30 - 63 ms of scanning) as the store grew. The recent tables keep those writes on few
 * cards, and a row reaches the main table only after as many newer rows as a recent table holds, when a collection
 * has likely promoted it.
 *
 * <p>The draining table moves {@value #DRAIN_BATCH} rows every {@value #DRAIN_EVERY} inserts. Moving 32,768 rows in
 * one go took 12 - 29 ms at a million rows, under the store's lock and in every index on the same call. The main
 * table grows the same way once it is large: instead of rehashing every row in one go (20 - 60 ms at 786,000 rows,
 * and the store's indexes grow in step), a table twice its size becomes the main table and the old one moves into
 * it in the same batches, on the other half of the inserts. Small main tables, below {@value #GROW_APART_FROM}
 * slots, still double in place: at most 24,576 rows, about a millisecond.
 *
 * @param <K> the key type; its {@code equals} and {@code hashCode} decide what matches
 */
final class RowIndex<K> implements Iterable<Object> {
  private static final int MIN_CAPACITY = 16;
  /**
   * Rows a recent table takes before it is set aside, and the one set aside before starts draining into the main
   * table: a row moves on after at least this many newer rows, several young collections' worth of calls at full
   * speed.
   */
  static final int RECENT_LIMIT = 32_768;

  /**
   * Rows moved from the draining table at a time, once every {@link #DRAIN_EVERY} inserts: four times the rate at
   * which rows are set aside, so for three quarters of a round it is an empty table of 16 slots, which costs a lookup
   * one probe in cache. Moved in batches because a loop of independent inserts overlaps their cache misses: moved
   * two per insert, the same rows took about four times the CPU samples in a profile at a million rows.
   */
  static final int DRAIN_BATCH = 64;
  static final int DRAIN_EVERY = 16;
  /**
   * Main tables of at least this many slots grow apart (see the class comment). The old table moves out at
   * {@value #DRAIN_BATCH} rows every {@value #DRAIN_EVERY} inserts, four a row, so its three quarters of a table are
   * gone after 3/16 of a table's inserts, long before the new table, twice the size, is three quarters full.
   */
  static final int GROW_APART_FROM = 32_768;
  private static final AtomicInteger PHASES = new AtomicInteger();
  /** What a row leaves in its slot when it leaves a table that is moving out (see {@link Table#fixed}). */
  private static final Object GONE = new Object();

  private final Function<Object, K> keyOf;
  private final int recentLimit;
  private final int growApartFrom;
  private Table main = new Table(MIN_CAPACITY);
  /** The main table before it last grew apart, moving into the current one; searched like the others until empty. */
  private Table oldMain = new Table(MIN_CAPACITY);
  private Table recent = new Table(MIN_CAPACITY);
  /** The recent table set aside when the current one was started; searched like the others. */
  private Table previous = new Table(MIN_CAPACITY);
  /** The one set aside before that, moving into the main table; searched like the others until empty. */
  private Table draining = new Table(MIN_CAPACITY);
  /**
   * Inserts so far, and the one of every {@link #DRAIN_EVERY} on which this index drains: the store's indexes each
   * take a row per call, and at different phases they do not all drain on the same call.
   */
  private int inserts;
  private final int drainPhase;

  /** @param keyOf the key of a stored row (it may decode the row) */
  RowIndex(Function<Object, K> keyOf) {
    // A store makes its indexes one after another, so consecutive phases spread them over the 16.
    this(keyOf, RECENT_LIMIT, PHASES.getAndIncrement(), GROW_APART_FROM);
  }

  /** With a recent table of {@code recentLimit} rows: small ones let tests move rows between the tables often. */
  RowIndex(Function<Object, K> keyOf, int recentLimit) {
    this(keyOf, recentLimit, 0, GROW_APART_FROM);
  }

  /**
   * Draining on the inserts whose count is {@code drainPhase} modulo {@link #DRAIN_EVERY}, with main tables of
   * {@code growApartFrom} slots and more growing apart: tests choose both.
   */
  RowIndex(Function<Object, K> keyOf, int recentLimit, int drainPhase, int growApartFrom) {
    if (recentLimit < 1) throw new IllegalArgumentException("recentLimit < 1");
    this.keyOf = keyOf;
    this.recentLimit = recentLimit;
    this.drainPhase = drainPhase & (DRAIN_EVERY - 1);
    this.growApartFrom = growApartFrom;
  }

  /** Rows still to move from the table set aside before last (for tests). */
  int draining() {
    return draining.size;
  }

  /** Rows still to move from the main table before it last grew apart (for tests). */
  int oldMain() {
    return oldMain.size;
  }

  /** Rows still to move into the main table, from both (for tests). */
  int moving() {
    return oldMain.size + draining.size;
  }

  /** Slots of the main table (for tests). */
  int mainCapacity() {
    return main.rows.length;
  }

  /** The longest run of occupied slots in the main table (for tests): what a lookup that finds nothing may probe. */
  int longestMainRun() {
    int longest = 0;
    int run = 0;
    // Twice round, so a run that wraps past the end is counted whole.
    for (int i = 0; i < 2 * main.rows.length; i++) {
      run = main.rows[i & (main.rows.length - 1)] == null ? 0 : run + 1;
      longest = Math.max(longest, Math.min(run, main.rows.length));
    }
    return longest;
  }

  /** Slots of the table new rows go to (for tests). */
  int recentCapacity() {
    return recent.rows.length;
  }

  int size() {
    return main.size + oldMain.size + draining.size + previous.size + recent.size;
  }

  private static int hash(Object key) {
    int h = key.hashCode() * 0x9E3779B9;
    return h ^ (h >>> 15);
  }

  /** The first row stored under {@code key}, or null. */
  @Nullable Object get(K key) {
    int hash = hash(key);
    int i = recent.find(key, hash);
    if (i >= 0) return recent.rows[i];
    i = previous.find(key, hash);
    if (i >= 0) return previous.rows[i];
    i = draining.find(key, hash);
    if (i >= 0) return draining.rows[i];
    i = main.find(key, hash);
    if (i >= 0) return main.rows[i];
    i = oldMain.find(key, hash);
    return i < 0 ? null : oldMain.rows[i];
  }

  /** Every row stored under {@code key}. */
  List<Object> getAll(K key) {
    int hash = hash(key);
    List<Object> found = new ArrayList<>(1);
    oldMain.collect(key, hash, found);
    main.collect(key, hash, found);
    draining.collect(key, hash, found);
    previous.collect(key, hash, found);
    recent.collect(key, hash, found);
    return found;
  }

  /** Stores {@code row} under {@code key} in place of the first row with that key; returns that row, or null. */
  @Nullable Object put(K key, Object row) {
    Objects.requireNonNull(row, "row == null");
    int hash = hash(key);
    // Newest table first, as get() reads: a row stored is never null, so null means not found.
    Object old = recent.replace(key, hash, row);
    if (old == null) old = previous.replace(key, hash, row);
    if (old == null) old = draining.replace(key, hash, row);
    if (old == null) old = main.replace(key, hash, row);
    if (old == null) old = oldMain.replace(key, hash, row);
    if (old == null) insertRecent(hash, row);
    return old;
  }

  /**
   * Adds {@code row} under {@code key} beside any rows already there. Rows sharing a key sit in one probe run, so
   * this is for keys that only a few rows share: a key shared by many makes every operation near it linear.
   */
  void add(K key, Object row) {
    Objects.requireNonNull(row, "row == null");
    insertRecent(hash(key), row);
  }

  private void insertRecent(int hash, Object row) {
    // Whatever may run out of memory goes before the new row is stored, and changes nothing a lookup can tell: if it
    // runs out, the new row is not stored and the caller sees it.
    Table next = null;
    if (recent.size + 1 >= recentLimit) {
      // This row fills the recent table: it is set aside, and the one set aside before starts moving. That one's
      // predecessor has drained by now unless the recent tables are small (tests): it had recentLimit inserts to move
      // at most as many rows.
      moveToMain(draining, draining.size);
      // Moved from its first slot up, its rows land on a stretch of the main table that follows the cursor (a row's
      // home there is its slot here, modulo the main table's size, plus high bits of its hash if the main table is
      // larger). A main table no larger than it took them at half its size again on top of its own rows there: runs of
      // thousands of slots, a 10k-call slice at half its rate. Four times larger, they add an eighth. This grows a
      // main table still small, once in an index's life. Taking the rows in a spread order instead spread the writes
      // into the main table over its whole array: twice the time, most of it the collector's tracking of them.
      growMain(4 * previous.rows.length);
      // At the size the last one reached: grown from 16 slots, every recent table doubled twelve times a round, the
      // last of them rehashing half a round's rows in every index on the same call (about 10 ms in six indexes).
      next = new Table(recent.rows.length);
      next.floor = next.rows.length;
    }
    int phase = ++inserts & (DRAIN_EVERY - 1);
    if (phase == drainPhase) {
      if (moveToMain(draining, DRAIN_BATCH)) draining = emptied();
    } else if (phase == ((drainPhase + DRAIN_EVERY / 2) & (DRAIN_EVERY - 1))) {
      if (moveToMain(oldMain, DRAIN_BATCH)) oldMain = emptied();
    }
    recent.insert(hash, row);
    if (next != null) {
      previous.fixed = true;
      draining = previous;
      previous = recent;
      recent = next;
    }
  }

  /**
   * A small table to replace one that has moved out; once neither is moving, the main table may shrink again when
   * sparse (see {@link #growMain}).
   */
  private Table emptied() {
    Table small = new Table(MIN_CAPACITY);
    if (oldMain.size == 0 && draining.size == 0) main.floor = MIN_CAPACITY;
    return small;
  }

  /**
   * Moves up to {@code rows} rows from {@code from} (a {@link Table#fixed} table) to the main one, each with the hash
   * it was stored with (none is read again); true when {@code from} is a large table left empty, which the caller
   * replaces by a small one. A row is put in the main table before it leaves {@code from}, and running out of memory
   * leaves it in exactly one of them: the insert grows its table before it changes anything, and the removal
   * allocates nothing.
   */
  private boolean moveToMain(Table from, int rows) {
    Object[] slots = from.rows;
    for (int n = 0; n < rows && from.size > 0; ) {
      // Every row left is at or after the cursor, so this ends before the cursor runs out. The cursor passes a row
      // only once it has moved: if the insert runs out of memory, the row is still ahead of it.
      int slot = from.cursor;
      Object row = slots[slot];
      if (row != null && !from.gone(slot)) {
        insertMain(from.hashes[slot], row);
        from.deleteAt(slot);
        n++;
      }
      from.cursor = slot + 1;
    }
    return movedOut(from);
  }

  /** True when {@code t} is a large table left empty, to be replaced by a small one ({@link #emptied}). */
  private boolean movedOut(Table t) {
    return t.size == 0 && t.rows.length > MIN_CAPACITY;
  }

  /**
   * Moves up to {@code rows} of the rows still on their way to the main table (an old main table, a table set aside):
   * inserts move them, and when inserts stop housekeeping finishes the move, so a store that stopped growing does
   * not keep a second large table. Returns how many it moved; fewer than {@code rows} means none is left.
   */
  int settle(int rows) {
    int moved = 0;
    while (moved < rows && (oldMain.size > 0 || draining.size > 0)) {
      Table from = oldMain.size > 0 ? oldMain : draining;
      int before = from.size;
      moveToMain(from, rows - moved);
      moved += before - from.size;
    }
    // Emptied here, or by removals: their arrays go.
    if (movedOut(oldMain)) oldMain = emptied();
    if (movedOut(draining)) draining = emptied();
    return moved;
  }

  private void insertMain(int hash, Object row) {
    if (main.full()) growMain(main.rows.length * 2);
    main.insert(hash, row);
  }

  /**
   * Gives the main table at least {@code capacity} slots (a power of two): apart, when it is large and no old one is
   * still moving out, else in place. In place while an old one moves happens only with tiny tables (tests): the move
   * keeps pace four to one. Until the moves under way end, removals do not shrink it below that: a new main table
   * holds few rows at first, and shrunk by a few removals it would grow again in place, with all the rows moved.
   */
  private void growMain(int capacity) {
    if (main.rows.length >= capacity) return;
    if (oldMain.size == 0 && main.rows.length >= growApartFrom) {
      Table bigger = new Table(capacity);
      bigger.floor = capacity;
      main.fixed = true;
      oldMain = main;
      main = bigger;
    } else {
      main.rehash(capacity);
      main.floor = capacity;
    }
  }

  /** Removes the first row with {@code key}; returns it, or null. */
  @Nullable Object removeKey(K key) {
    int hash = hash(key);
    Object old = recent.removeKey(key, hash);
    if (old == null) old = previous.removeKey(key, hash);
    if (old == null) old = draining.removeKey(key, hash);
    if (old == null) old = main.removeKey(key, hash);
    if (old == null) old = oldMain.removeKey(key, hash);
    return old;
  }

  /** Removes this very row (compared by identity) from under {@code key}; false when it is not there. */
  boolean remove(K key, Object row) {
    int hash = hash(key);
    return recent.removeIdentical(hash, row) || previous.removeIdentical(hash, row)
        || draining.removeIdentical(hash, row) || main.removeIdentical(hash, row) || oldMain.removeIdentical(hash, row);
  }

  /** Removes this very row (compared by identity), finding it by its own key; false when it is not there. */
  boolean removeRow(Object row) {
    return remove(keyOf.apply(row), row);
  }

  /** The rows in slot order, table by table. The index must not change while this iterator is in use. */
  @Override
  public Iterator<Object> iterator() {
    return new Iterator<>() {
      @SuppressWarnings("unchecked")
      private final Table[] tables = new RowIndex.Table[] {oldMain, main, draining, previous, recent};
      private int table;
      private int next = -1;

      {
        advance();
      }

      /** Moves {@code next} to the following row, across tables; past the last, table is tables.length. */
      private void advance() {
        next++;
        while (table < tables.length) {
          Table t = tables[table];
          while (next < t.rows.length && (t.rows[next] == null || t.gone(next))) next++;
          if (next < t.rows.length) return;
          table++;
          next = 0;
        }
      }

      @Override
      public boolean hasNext() {
        return table < tables.length;
      }

      @Override
      public Object next() {
        if (table >= tables.length) throw new NoSuchElementException();
        Object row = tables[table].rows[next];
        advance();
        return row;
      }
    };
  }

  /**
   * One open-addressing table with linear probing; removal shifts the rows after it back (no tombstones), unless the
   * table is {@link #fixed}.
   */
  private final class Table {
    Object[] rows;
    int[] hashes;
    int size;
    /**
     * Set when the table starts moving into the main one: its rows are moved out in slot order from {@link #cursor},
     * which a rehash would invalidate, and a shrink would rehash thousands of rows in one batch. It is dropped once
     * empty instead. A row that leaves it (moved, or removed) leaves {@link #GONE} in its slot, which lookups step
     * over: shifting the rest of its probe run back, as other tables do, walked the whole run for each row moved from
     * its start, and the runs of a main table three quarters full are long. (Leaving the row there, marked in a bit
     * set, kept every row replaced in the main table since alive until the move ended: 155 B per caller at 1M.)
     */
    boolean fixed;
    /** In a {@link #fixed} table, the slots before this one are empty or their rows have left. */
    int cursor;
    /** Removals do not shrink it below this many slots. */
    int floor = MIN_CAPACITY;

    /** @param capacity a power of two */
    Table(int capacity) {
      rows = new Object[capacity];
      hashes = new int[capacity];
    }

    /** Whether the row in slot {@code i} has left this {@link #fixed} table. */
    boolean gone(int i) {
      return rows[i] == GONE;
    }

    /** Whether one more row would take it past three quarters full, where {@link #insert} doubles it. */
    boolean full() {
      return (size + 1) * 4L > rows.length * 3L;
    }

    private int home(int hash) {
      return hash & (rows.length - 1);
    }

    /** The slot of the first row with this key, or -1. */
    int find(K key, int hash) {
      int mask = rows.length - 1;
      for (int i = home(hash); rows[i] != null; i = (i + 1) & mask) {
        if (hashes[i] == hash && !gone(i) && key.equals(keyOf.apply(rows[i]))) return i;
      }
      return -1;
    }

    /** Puts {@code row} in the slot of the first row with this key; returns that row, or null (nothing stored). */
    @Nullable Object replace(K key, int hash, Object row) {
      int i = find(key, hash);
      if (i < 0) return null;
      Object old = rows[i];
      rows[i] = row;
      return old;
    }

    /** Deletes the first row with this key; returns it, or null. */
    @Nullable Object removeKey(K key, int hash) {
      int i = find(key, hash);
      if (i < 0) return null;
      Object old = rows[i];
      deleteAt(i);
      return old;
    }

    void collect(K key, int hash, List<Object> found) {
      int mask = rows.length - 1;
      for (int i = home(hash); rows[i] != null; i = (i + 1) & mask) {
        if (hashes[i] == hash && !gone(i) && key.equals(keyOf.apply(rows[i]))) found.add(rows[i]);
      }
    }

    boolean removeIdentical(int hash, Object row) {
      int mask = rows.length - 1;
      for (int i = home(hash); rows[i] != null; i = (i + 1) & mask) {
        if (rows[i] == row) {
          deleteAt(i);
          return true;
        }
      }
      return false;
    }

    void insert(int hash, Object row) {
      if (full()) rehash(rows.length * 2);
      int mask = rows.length - 1;
      int i = home(hash);
      while (rows[i] != null) i = (i + 1) & mask;
      rows[i] = row;
      hashes[i] = hash;
      size++;
    }

    /**
     * Deletes slot {@code i}: in a {@link #fixed} table it marks the slot {@link #gone}; in any other it moves later
     * rows of its probe run back so every row stays reachable from its home, and shrinks the table once it is sparse.
     */
    void deleteAt(int i) {
      if (fixed) {
        rows[i] = GONE;
        size--;
        return;
      }
      int mask = rows.length - 1;
      int hole = i;
      for (int j = (i + 1) & mask; rows[j] != null; j = (j + 1) & mask) {
        int h = home(hashes[j]);
        // The row at j may move to the hole only if its home is not cyclically within (hole, j].
        boolean stays = hole <= j ? hole < h && h <= j : hole < h || h <= j;
        if (!stays) {
          rows[hole] = rows[j];
          hashes[hole] = hashes[j];
          hole = j;
        }
      }
      rows[hole] = null;
      hashes[hole] = 0;
      size--;
      if (!fixed && rows.length > floor && size * 8L < rows.length) rehash(rows.length / 2);
    }

    private void rehash(int capacity) {
      // Both arrays are allocated before either is swapped in, so running out of memory here changes nothing.
      Object[] newRows = new Object[capacity];
      int[] newHashes = new int[capacity];
      int mask = capacity - 1;
      for (int j = 0; j < rows.length; j++) {
        if (rows[j] == null) continue;
        int i = hashes[j] & mask;
        while (newRows[i] != null) i = (i + 1) & mask;
        newRows[i] = rows[j];
        newHashes[i] = hashes[j];
      }
      rows = newRows;
      hashes = newHashes;
    }
  }
}
