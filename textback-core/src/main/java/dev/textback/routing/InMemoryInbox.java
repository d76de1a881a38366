package dev.textback.routing;

import dev.textback.spi.ReplyRouter;
import dev.textback.spi.RoutedReply;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps routed replies in memory, oldest first, for demos, tests and apps that poll for new replies. It is
 * bounded: when full, the oldest reply is dropped (with a warning) to make room, so a forgotten inbox
 * cannot exhaust the heap. Replies are also stored in their conversations, so nothing dropped here is
 * lost. A reply delivered again ({@link RoutedReply#possibleDuplicate()}) whose message the inbox still holds is
 * not added twice. Thread-safe.
 */
public final class InMemoryInbox implements ReplyRouter {
  private static final Logger log = LoggerFactory.getLogger(InMemoryInbox.class);
  /** Capacity of {@link #InMemoryInbox()}. */
  public static final int DEFAULT_CAPACITY = 1000;

  private final int capacity;
  private final ArrayDeque<RoutedReply> items = new ArrayDeque<>();

  /** An inbox holding up to {@value #DEFAULT_CAPACITY} replies. */
  public InMemoryInbox() {
    this(DEFAULT_CAPACITY);
  }

  /** @throws IllegalArgumentException when {@code capacity} is less than 1 */
  public InMemoryInbox(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    this.capacity = capacity;
  }

  @Override
  public void route(RoutedReply reply) {
    Objects.requireNonNull(reply, "reply == null");
    RoutedReply dropped = null;
    synchronized (items) {
      if (reply.possibleDuplicate()
          && items.stream().anyMatch(held -> held.message().id().equals(reply.message().id()))) {
        return;
      }
      if (items.size() == capacity) dropped = items.removeFirst();
      items.addLast(reply);
    }
    if (dropped != null) {
      log.warn("inbox full ({} replies); dropped the oldest, message {} of conversation {}", capacity,
          dropped.message().id(), dropped.conversation().id());
    }
  }

  /** A snapshot of the replies held, oldest first. */
  public List<RoutedReply> items() {
    synchronized (items) {
      return List.copyOf(items);
    }
  }

  /** Removes and returns every reply held, oldest first. */
  public List<RoutedReply> drain() {
    synchronized (items) {
      List<RoutedReply> all = new ArrayList<>(items);
      items.clear();
      return List.copyOf(all);
    }
  }

  public int size() {
    synchronized (items) {
      return items.size();
    }
  }

  public int capacity() {
    return capacity;
  }

  @Override
  public String toString() {
    return "InMemoryInbox[" + size() + "/" + capacity + "]";
  }
}
