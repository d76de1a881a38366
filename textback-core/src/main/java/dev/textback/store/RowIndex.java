package dev.textback.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A hash index of the in-memory store's rows that keeps no key objects: each slot holds a row as stored (its bytes,
 * or the row object for the few rows kept as objects) and the hash of its key, and a key is compared by reading it
 * from the row. A {@code HashMap} costs a node and a key object per row besides the row; this costs two array slots.
 * Open addressing with linear probing; removal shifts the rows after it back, so there are no tombstones.
 *
 * <p>Several rows may share a key (a secondary index); {@link #put} and {@link #removeKey} treat the first as the
 * row of that key (a primary index). Not thread-safe: the store uses it under its lock.
 *
 * @param <K> the key type; its {@code equals} and {@code hashCode} decide what matches
 */
final class RowIndex<K> implements Iterable<Object> {
  private static final int MIN_CAPACITY = 16;

  private final Function<Object, K> keyOf;
  private Object[] rows = new Object[MIN_CAPACITY];
  private int[] hashes = new int[MIN_CAPACITY];
  private int size;

  /** @param keyOf the key of a stored row (it may decode the row) */
  RowIndex(Function<Object, K> keyOf) {
    this.keyOf = keyOf;
  }

  int size() {
    return size;
  }

  private static int hash(Object key) {
    int h = key.hashCode() * 0x9E3779B9;
    return h ^ (h >>> 15);
  }

  private int home(int hash) {
    return hash & (rows.length - 1);
  }

  /** The slot of the first row with this key, or -1. */
  private int find(K key, int hash) {
    int mask = rows.length - 1;
    for (int i = home(hash); rows[i] != null; i = (i + 1) & mask) {
      if (hashes[i] == hash && key.equals(keyOf.apply(rows[i]))) return i;
    }
    return -1;
  }

  /** The first row stored under {@code key}, or null. */
  @Nullable Object get(K key) {
    int i = find(key, hash(key));
    return i < 0 ? null : rows[i];
  }

  /** Every row stored under {@code key}. */
  List<Object> getAll(K key) {
    int hash = hash(key);
    int mask = rows.length - 1;
    List<Object> found = new ArrayList<>(1);
    for (int i = home(hash); rows[i] != null; i = (i + 1) & mask) {
      if (hashes[i] == hash && key.equals(keyOf.apply(rows[i]))) found.add(rows[i]);
    }
    return found;
  }

  /** Stores {@code row} under {@code key} in place of the first row with that key; returns that row, or null. */
  @Nullable Object put(K key, Object row) {
    Objects.requireNonNull(row, "row == null");
    int hash = hash(key);
    int i = find(key, hash);
    if (i >= 0) {
      Object old = rows[i];
      rows[i] = row;
      return old;
    }
    insert(hash, row);
    return null;
  }

  /**
   * Adds {@code row} under {@code key} beside any rows already there. Rows sharing a key sit in one probe run, so
   * this is for keys that only a few rows share: a key shared by many makes every operation near it linear.
   */
  void add(K key, Object row) {
    Objects.requireNonNull(row, "row == null");
    insert(hash(key), row);
  }

  private void insert(int hash, Object row) {
    if ((size + 1) * 4L > rows.length * 3L) grow();
    int mask = rows.length - 1;
    int i = home(hash);
    while (rows[i] != null) i = (i + 1) & mask;
    rows[i] = row;
    hashes[i] = hash;
    size++;
  }

  /** Removes the first row with {@code key}; returns it, or null. */
  @Nullable Object removeKey(K key) {
    int i = find(key, hash(key));
    if (i < 0) return null;
    Object old = rows[i];
    deleteAt(i);
    return old;
  }

  /** Removes this very row (compared by identity) from under {@code key}; false when it is not there. */
  boolean remove(K key, Object row) {
    int hash = hash(key);
    int mask = rows.length - 1;
    for (int i = home(hash); rows[i] != null; i = (i + 1) & mask) {
      if (rows[i] == row) {
        deleteAt(i);
        return true;
      }
    }
    return false;
  }

  /** Removes this very row (compared by identity), finding it by its own key; false when it is not there. */
  boolean removeRow(Object row) {
    return remove(keyOf.apply(row), row);
  }

  /** The rows in slot order. The index must not change while this iterator is in use. */
  @Override
  public Iterator<Object> iterator() {
    return new Iterator<>() {
      private final Object[] slots = rows;
      private int next = advance(0);

      private int advance(int from) {
        int i = from;
        while (i < slots.length && slots[i] == null) i++;
        return i;
      }

      @Override
      public boolean hasNext() {
        return next < slots.length;
      }

      @Override
      public Object next() {
        if (next >= slots.length) throw new NoSuchElementException();
        Object row = slots[next];
        next = advance(next + 1);
        return row;
      }
    };
  }

  /** Deletes slot {@code i}, moving later rows of its probe run back so every row stays reachable from its home. */
  private void deleteAt(int i) {
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
    if (rows.length > MIN_CAPACITY && size * 8L < rows.length) shrink();
  }

  private void grow() {
    rehash(rows.length * 2);
  }

  private void shrink() {
    rehash(rows.length / 2);
  }

  private void rehash(int capacity) {
    Object[] oldRows = rows;
    int[] oldHashes = hashes;
    rows = new Object[capacity];
    hashes = new int[capacity];
    int mask = capacity - 1;
    for (int j = 0; j < oldRows.length; j++) {
      if (oldRows[j] == null) continue;
      int i = home(oldHashes[j]);
      while (rows[i] != null) i = (i + 1) & mask;
      rows[i] = oldRows[j];
      hashes[i] = oldHashes[j];
    }
  }
}
