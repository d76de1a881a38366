package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * While the store cannot be reached (here: every pooled connection taken, so the store throws
 * StoreUnavailableException after the pool's 3 s wait) the admin API's answer is 503, a temporary condition the
 * dashboard retries, not 500 "internal error" with a stack trace logged at ERROR for each of its polls.
 */
class AdminStoreOutageTest {
  private RunningServer running;
  private final List<Connection> held = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Connection c : held) c.close();
    if (running != null) running.close();
  }

  @Test
  void the_admin_api_answers_503_while_the_store_is_unavailable() throws Exception {
    running = RunningServer.start(Map.of("TEXTBACK_STORE", "jdbc:h2:mem:admin-outage;DB_CLOSE_DELAY=-1"));
    Field f = TextbackServer.class.getDeclaredField("store");
    f.setAccessible(true);
    DataSource pool = (DataSource) ((Stores.Opened) f.get(running.server)).resources();
    for (int i = 0; i < 10; i++) held.add(pool.getConnection());

    HttpResponse<String> stats = running.admin("GET", "/api/stats?business=summit");

    assertThat(stats.statusCode()).as(stats.body()).isEqualTo(503);
  }
}
