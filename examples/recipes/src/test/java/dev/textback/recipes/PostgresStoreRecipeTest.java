package dev.textback.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL recipe against the test server (.ci/pg-start.sh, or TEXTBACK_TEST_PG_URL pointing at a server
 * whose user may create databases), in a database of its own so earlier runs leave no cooldown behind.
 */
class PostgresStoreRecipeTest {
  private static final String PG = System.getenv().getOrDefault("TEXTBACK_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:55432/textback_test?user=postgres");
  private final String database = "recipe_" + UUID.randomUUID().toString().replace("-", "");

  @BeforeEach
  void createDatabase() throws Exception {
    try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
  }

  @AfterEach
  void dropDatabase() throws Exception {
    try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  @Test
  void migrates_texts_once_and_answers_a_redelivery_with_the_same_decision() throws Exception {
    String url = PG.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");

    String out = Printed.by(PostgresStore::main, url);

    assertThat(out).containsPattern("Schema scripts applied: \\[V1__.+\\]");
    assertThat(out).contains("First delivery: QUEUED; redelivery: QUEUED (the same decision, no second text)");
    assertThat(out.lines().filter(line -> line.startsWith("SMS "))).hasSize(1);
  }
}
