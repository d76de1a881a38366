package dev.textback.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void an_id_is_the_prefix_and_128_bits_in_lowercase_hex() {
    assertThat(Ids.newId("ob")).matches("ob_[0-9a-f]{32}");
    assertThat(Ids.newId("msg")).matches("msg_[0-9a-f]{32}");
  }

  @Test
  void ids_drawn_on_many_threads_at_once_never_repeat() throws Exception {
    Set<String> all = ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 25_000; i++) all.add(Ids.newId("cv"));
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) thread.join();

    assertThat(all).hasSize(100_000);
  }

  @Test
  void every_hex_digit_turns_up_in_every_position() {
    // A generator stuck on some bits (or a broken hex table) would leave some digit out of some position.
    List<Set<Character>> seen = new ArrayList<>();
    for (int i = 0; i < 32; i++) seen.add(new HashSet<>());
    for (int n = 0; n < 2_000; n++) {
      String hex = Ids.newId("x").substring(2);
      for (int i = 0; i < 32; i++) seen.get(i).add(hex.charAt(i));
    }
    assertThat(seen).allSatisfy(digits -> assertThat(digits).hasSize(16));
  }
}
