package dev.textback.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.spi.RoutedReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryInboxTest {
  private static List<String> ids(List<RoutedReply> replies) {
    return replies.stream().map(r -> r.message().id()).toList();
  }

  @Test
  void keeps_replies_in_arrival_order() {
    InMemoryInbox inbox = new InMemoryInbox(5);
    inbox.route(Fixtures.reply("m1", "a"));
    inbox.route(Fixtures.reply("m2", "b"));

    assertThat(ids(inbox.items())).containsExactly("m1", "m2");
    assertThat(inbox.size()).isEqualTo(2);
  }

  @Test
  void a_reply_delivered_again_is_kept_once() {
    InMemoryInbox inbox = new InMemoryInbox(5);
    RoutedReply first = Fixtures.reply("m1", "a");
    inbox.route(first);
    inbox.route(new RoutedReply(first.business(), first.conversation(), first.message(), first.outbound(), true));
    inbox.route(Fixtures.reply("m2", "b"));

    assertThat(inbox.items()).extracting(r -> r.message().id()).containsExactly("m1", "m2");
  }

  @Test
  void drops_the_oldest_when_full() {
    InMemoryInbox inbox = new InMemoryInbox(2);
    inbox.route(Fixtures.reply("m1", "a"));
    inbox.route(Fixtures.reply("m2", "b"));
    inbox.route(Fixtures.reply("m3", "c"));

    assertThat(ids(inbox.items())).containsExactly("m2", "m3");
    assertThat(inbox.size()).isEqualTo(2);
  }

  @Test
  void drain_returns_everything_and_empties_the_inbox() {
    InMemoryInbox inbox = new InMemoryInbox(5);
    inbox.route(Fixtures.reply("m1", "a"));
    inbox.route(Fixtures.reply("m2", "b"));

    assertThat(ids(inbox.drain())).containsExactly("m1", "m2");
    assertThat(inbox.size()).isZero();
    assertThat(inbox.items()).isEmpty();
  }

  @Test
  void items_is_a_snapshot() {
    InMemoryInbox inbox = new InMemoryInbox(5);
    inbox.route(Fixtures.reply("m1", "a"));
    List<RoutedReply> snapshot = inbox.items();
    inbox.route(Fixtures.reply("m2", "b"));

    assertThat(ids(snapshot)).containsExactly("m1");
  }

  @Test
  void rejects_a_capacity_below_one() {
    assertThatThrownBy(() -> new InMemoryInbox(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrent_routing_never_exceeds_capacity_nor_loses_a_reply_below_it() throws Exception {
    InMemoryInbox inbox = new InMemoryInbox(1000);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Runnable> tasks = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      tasks.add(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < 200; i++) inbox.route(Fixtures.reply("t" + thread + "-" + i, "x"));
      });
    }
    tasks.forEach(pool::execute);
    start.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    assertThat(inbox.size()).isEqualTo(800);
    assertThat(ids(inbox.items())).doesNotHaveDuplicates();
  }
}
