package dev.textback.test;

import static dev.textback.test.StoreTestData.BUSINESS;
import static dev.textback.test.StoreTestData.CALLER;
import static dev.textback.test.StoreTestData.T0;
import static dev.textback.test.StoreTestData.minutes;
import static dev.textback.test.StoreTestData.pending;
import static dev.textback.test.StoreTestData.seconds;
import static dev.textback.test.StoreTestData.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.spi.OutboxBacklog;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import org.junit.jupiter.api.Test;

/** The outbox backlog a store counts for metrics and health checks. */
abstract class BacklogContract extends StoreContractGroup {

  @Test
  void an_empty_outbox_has_no_backlog() {
    assertThat(store().outboxBacklog(T0)).isEqualTo(OutboxBacklog.EMPTY);
  }

  @Test
  void counts_pending_entries_and_the_due_ones_with_the_oldest_due_time() {
    write(tx -> {
      tx.insertOutbox(pending("due-early", minutes(-10)));
      tx.insertOutbox(pending("due-late", minutes(-2)));
      tx.insertOutbox(pending("due-now", T0));
      tx.insertOutbox(pending("later", minutes(5)));
    });

    assertThat(store().outboxBacklog(T0)).isEqualTo(new OutboxBacklog(4, 3, minutes(-10)));
    assertThat(store().outboxBacklog(T0).oldestDueAge(T0)).hasMinutes(10);
  }

  @Test
  void leaves_finished_entries_out() {
    write(tx -> {
      tx.insertOutbox(withStatus(pending("sent", minutes(-30)), OutboxStatus.SENT, minutes(-29)));
      tx.insertOutbox(pending("canceled", minutes(-20)).finish(OutboxStatus.CANCELED, "caller called back", false));
      tx.insertOutbox(pending("failed", minutes(-15)).finish(OutboxStatus.FAILED, "unreachable", true));
      tx.insertOutbox(pending("waiting", seconds(-5)));
    });

    assertThat(store().outboxBacklog(T0)).isEqualTo(new OutboxBacklog(1, 1, seconds(-5)));
  }

  @Test
  void counts_routing_work_and_entries_not_yet_due() {
    write(tx -> {
      tx.insertOutbox(pending("route", BUSINESS, CALLER, OutboxKind.ROUTE_REPLY));
      tx.insertOutbox(pending("deferred", minutes(60)));
    });

    assertThat(store().outboxBacklog(minutes(-1))).isEqualTo(new OutboxBacklog(2, 0, null));
    assertThat(store().outboxBacklog(T0)).isEqualTo(new OutboxBacklog(2, 1, T0));
  }
}
