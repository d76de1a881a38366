package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.TextBackListener;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.DeliveryStatus;
import dev.textback.message.PermanentFailureReason;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import dev.textback.rules.Reason;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import dev.textback.spi.UnreachableNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A carrier may call its status webhook before its API has answered the send (Twilio often does for a fast
 * "failed"), so a report can reach the engine before the dispatcher recorded the carrier's message id. Such a
 * report is kept and applied when the send is recorded, as if it had arrived just after.
 */
class EngineEarlyReceiptTest {
  private static final CarrierId TWILIO = CarrierId.of("twilio");
  private static final String MESSAGE_ID = "SM0123456789abcdef0123456789abcdef";

  private final EngineFixture f = new EngineFixture();
  private final List<DeliveryReceipt> applied = new CopyOnWriteArrayList<>();
  private final AtomicReference<TextBack> engine = new AtomicReference<>();

  /** A gateway whose carrier reports on the text (these reports, in order) before answering the send. */
  private final class ReportsFirst implements SmsGateway {
    private final List<DeliveryStatus> reports;
    private final List<SendRequest> sent = new ArrayList<>();

    ReportsFirst(DeliveryStatus... reports) {
      this.reports = List.of(reports);
    }

    @Override
    public CarrierId carrier() {
      return TWILIO;
    }

    @Override
    public SendReceipt send(SendRequest request) {
      sent.add(request);
      for (DeliveryStatus status : reports) {
        engine.get().onDeliveryReceipt(report(status));
        f.clock.advance(Duration.ofMillis(200));
      }
      return new SendReceipt(MESSAGE_ID, 1, "queued");
    }
  }

  private DeliveryReceipt report(DeliveryStatus status) {
    boolean failed = status.isFinalFailure();
    return new DeliveryReceipt(TWILIO, MESSAGE_ID, status, failed ? "30006" : null, f.clock.instant(),
        failed ? PermanentFailureReason.NOT_MOBILE : null);
  }

  private TextBack start(SmsGateway gateway) {
    TextBack e = TextBack.builder().businesses(dev.textback.business.BusinessDirectory.of(f.business)).store(f.store)
        .gateway(gateway).clock(f.clock).listener(new TextBackListener() {
          @Override
          public void onDeliveryReceipt(DeliveryReceipt receipt) {
            applied.add(receipt);
          }
        }).build();
    engine.set(e);
    return e;
  }

  /** Texts the caller back and returns the text's outbox entry once the dispatcher is done with it. */
  private OutboxEntry textBack(TextBack e) {
    CallDecision d = e.onCall(f.missedCall("CA1", EngineFixture.CALLER));
    e.runDueWork();
    return f.store.outboxEntry(d.outboxId()).orElseThrow();
  }

  @Test
  void a_delivery_report_that_arrives_before_the_send_is_recorded_marks_the_text_delivered() {
    Instant reportedAt = f.clock.instant();
    try (TextBack e = start(new ReportsFirst(DeliveryStatus.DELIVERED))) {
      OutboxEntry entry = textBack(e);

      assertThat(entry.status()).isEqualTo(OutboxStatus.DELIVERED);
      assertThat(entry.carrierMessageId()).isEqualTo(MESSAGE_ID);
      assertThat(entry.deliveredAt()).as("when the report arrived").isEqualTo(reportedAt);
      assertThat(applied).extracting(DeliveryReceipt::status).containsExactly(DeliveryStatus.DELIVERED);
    }
  }

  @Test
  void an_early_failure_report_fails_the_text_and_remembers_the_landline() {
    try (TextBack e = start(new ReportsFirst(DeliveryStatus.UNDELIVERED))) {
      OutboxEntry entry = textBack(e);
      f.clock.advance(Duration.ofDays(2)); // past the cooldown: only the remembered landline holds a text back
      CallDecision next = e.onCall(f.missedCall("CA2", EngineFixture.CALLER));

      assertThat(entry.status()).isEqualTo(OutboxStatus.FAILED);
      assertThat(entry.lastError()).isEqualTo("carrier reported UNDELIVERED (code 30006)");
      Optional<UnreachableNumber> remembered =
          f.store.inTransaction(tx -> tx.findUnreachable(PhoneNumber.of(EngineFixture.CALLER)));
      assertThat(remembered).map(UnreachableNumber::reason).contains(PermanentFailureReason.NOT_MOBILE);
      assertThat(next.reason()).isEqualTo(Reason.SKIPPED_UNREACHABLE_NUMBER);
    }
  }

  @Test
  void an_older_status_reported_after_an_early_delivery_does_not_hide_it() {
    Instant deliveredReportAt = f.clock.instant();
    try (TextBack e = start(new ReportsFirst(DeliveryStatus.DELIVERED, DeliveryStatus.SENT,
        DeliveryStatus.ACCEPTED))) {
      OutboxEntry entry = textBack(e);

      assertThat(entry.status()).isEqualTo(OutboxStatus.DELIVERED);
      assertThat(entry.deliveredAt()).isEqualTo(deliveredReportAt);
    }
  }

  @Test
  void a_delivery_reported_again_after_the_send_was_recorded_keeps_the_first_delivery_time() {
    Instant firstReportAt = f.clock.instant();
    try (TextBack e = start(new ReportsFirst(DeliveryStatus.DELIVERED))) {
      OutboxEntry entry = textBack(e);
      f.clock.advance(Duration.ofMinutes(1));
      e.onDeliveryReceipt(report(DeliveryStatus.DELIVERED));

      assertThat(f.store.outboxEntry(entry.id()).orElseThrow().deliveredAt()).isEqualTo(firstReportAt);
    }
  }

  @Test
  void an_early_failure_is_not_undone_by_a_delivery_reported_after_it() {
    try (TextBack e = start(new ReportsFirst(DeliveryStatus.FAILED, DeliveryStatus.DELIVERED))) {
      OutboxEntry entry = textBack(e);
      e.onDeliveryReceipt(report(DeliveryStatus.DELIVERED));

      assertThat(entry.status()).isEqualTo(OutboxStatus.FAILED);
      assertThat(f.store.outboxEntry(entry.id()).orElseThrow().status()).isEqualTo(OutboxStatus.FAILED);
    }
  }

  @Test
  void a_failure_reported_after_an_early_delivery_still_fails_the_text_as_it_would_have_on_time() {
    // In order, a delivery then a failure fail the text (the carrier's last word); kept early they must too.
    try (TextBack e = start(new ReportsFirst(DeliveryStatus.DELIVERED, DeliveryStatus.UNDELIVERED))) {
      OutboxEntry entry = textBack(e);

      assertThat(entry.status()).isEqualTo(OutboxStatus.FAILED);
    }
  }

  @Test
  void a_report_on_a_text_that_was_never_sent_changes_nothing_and_is_not_announced() {
    try (TextBack e = start(new ReportsFirst())) {
      OutboxEntry entry = textBack(e);
      e.onDeliveryReceipt(new DeliveryReceipt(TWILIO, "SM-someone-elses", DeliveryStatus.FAILED, "30006",
          f.clock.instant(), PermanentFailureReason.NOT_MOBILE));

      assertThat(f.store.outboxEntry(entry.id()).orElseThrow().status()).isEqualTo(OutboxStatus.SENT);
      assertThat(applied).isEmpty();
    }
  }
}
