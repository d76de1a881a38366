package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBackException;
import dev.textback.spi.DuplicateKeyException;
import dev.textback.spi.StoreUnavailableException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How SQL errors are sorted, by SQLState as PostgreSQL's and H2's documentation list them: a race lost is run again
 * by the store, a database that cannot do the work now is reported unavailable (the engine keeps the work and tries
 * later), anything else is a failure.
 */
class SqlErrorsTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "40001", // serialization_failure (PostgreSQL), deadlock (H2)
      "40P01", // deadlock_detected
      "55P03", // lock_not_available: lock_timeout ran out
      "HYT00", // H2: lock timeout
      "90131"}) // H2: concurrent update
  void a_race_lost_to_another_transaction_is_a_conflict_the_store_runs_again(String state) {
    assertThat(SqlErrors.translate(new SQLException("race", state), "op"))
        .isInstanceOf(SqlErrors.TransactionConflictException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "08006", // connection_failure
      "57P01", // admin_shutdown
      "57P02", // crash_shutdown
      "57P03", // cannot_connect_now
      "57014", // query_canceled: statement_timeout
      "25006", // read_only_sql_transaction: a demoted primary after a failover
      "53100", // disk_full
      "53200", // out_of_memory
      "53300"}) // too_many_connections
  void a_database_that_cannot_do_the_work_now_is_unavailable(String state) {
    assertThat(SqlErrors.translate(new SQLException("down", state), "op"))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"42601", "22001", "23502", "42P01"}) // syntax error, too long, not null, no such table
  void other_errors_are_failures_not_retried(String state) {
    RuntimeException e = SqlErrors.translate(new SQLException("bug", state), "op");

    assertThat(e).isExactlyInstanceOf(TextBackException.class);
  }

  @Test
  void a_taken_unique_key_is_a_duplicate() {
    assertThat(SqlErrors.translate(new SQLException("dup", "23505"), "op")).isInstanceOf(DuplicateKeyException.class);
  }
}
