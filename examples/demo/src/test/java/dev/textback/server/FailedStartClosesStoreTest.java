package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.demo.Demo;
import dev.textback.demo.TwilioSimulator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration the engine refuses after the store was opened (two businesses on one number) closes the store
 * again, its connection pool with it, rather than leave them open for the life of the process.
 */
class FailedStartClosesStoreTest {
  /** Two businesses on one number, which the file loader refuses first, so built from two files. */
  private static ServerConfig twoOnOneNumber() {
    List<ServerConfig.Business> both = new ArrayList<>();
    for (String id : new String[] {"b1", "b2"}) {
      both.addAll(ServerConfig.parse("{\"businesses\":[{\"id\":\"" + id + "\",\"name\":\"Acme\","
          + "\"numbers\":[\"+13035550142\"]}]}").businesses());
    }
    return new ServerConfig(both);
  }

  /** Live connection pools of the server's store: HikariCP runs one housekeeping thread for each. */
  private static long storePools() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals("textback:housekeeper")).count();
  }

  @Test
  void the_store_is_closed_when_the_engine_refuses_the_configuration(@TempDir Path dir) throws Exception {
    TwilioSimulator carrier = new TwilioSimulator(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    try {
      Map<String, String> env = Map.of("TEXTBACK_PORT", "0", "TEXTBACK_CONFIG", "unused.json",
          "TEXTBACK_STORE", "jdbc:h2:file:" + dir.resolve("textback").toAbsolutePath(),
          "TWILIO_ACCOUNT_SID", carrier.accountSid(), "TWILIO_AUTH_TOKEN", carrier.authToken(),
          "TWILIO_API_BASE_URL", carrier.apiBaseUrl());
      Settings settings = Settings.from(env, new String[0]);

      long poolsBefore = storePools();

      assertThatThrownBy(() -> TextbackServer.start(settings, twoOnOneNumber(),
          Clock.systemUTC(), null)).isInstanceOf(IllegalArgumentException.class);

      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      while (storePools() > poolsBefore && System.nanoTime() < deadline) Thread.sleep(20);
      assertThat(storePools()).as("the store's connection pool was closed").isEqualTo(poolsBefore);
      try (TextbackServer corrected = TextbackServer.start(settings, Demo.sampleConfig(), Clock.systemUTC(), null)) {
        assertThat(corrected.port()).isPositive();
      }
    } finally {
      carrier.close();
    }
  }
}
