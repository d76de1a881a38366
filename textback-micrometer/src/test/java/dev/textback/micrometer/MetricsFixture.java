package dev.textback.micrometer;

import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessProfile;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.message.InboundMessage;
import dev.textback.message.PermanentFailureReason;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import dev.textback.spi.SendException;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import dev.textback.store.InMemoryTextBackStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/** A real engine (in-memory store, a scripted gateway, a clock the test moves) with metrics on a simple registry. */
final class MetricsFixture implements AutoCloseable {
  static final CarrierId CARRIER = CarrierId.of("twilio");
  static final PhoneNumber BUSINESS_NUMBER = PhoneNumber.of("+12025550182");
  static final PhoneNumber CALLER = PhoneNumber.of("+12015550123");
  /** 11:00 in New York, inside the default window for texts. */
  static final Instant T0 = Instant.parse("2026-03-10T15:00:00Z");

  final MovableClock clock = new MovableClock(T0);
  final ScriptedGateway gateway = new ScriptedGateway();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final TextBackMetrics metrics = new TextBackMetrics();
  final TextBack engine;

  MetricsFixture() {
    this(Duration.ZERO);
  }

  MetricsFixture(Duration sendDelay) {
    BusinessProfile business = BusinessProfile.builder().id("acme").displayName("Acme Plumbing")
        .number(BUSINESS_NUMBER.e164()).zone(ZoneId.of("America/New_York")).sendDelay(sendDelay)
        .escalateAfter(Duration.ofMinutes(10)).build();
    engine = TextBack.builder().businesses(BusinessDirectory.of(business)).store(new InMemoryTextBackStore())
        .gateway(gateway).clock(clock).listener(metrics).build();
    metrics.watch(engine).bindTo(registry);
  }

  /** A call to the business that rang out unanswered a minute before the clock's time. */
  void missedCall(String callId) {
    call(callId, CallOutcome.NO_ANSWER);
  }

  void call(String callId, CallOutcome outcome) {
    Instant now = clock.instant();
    engine.onCall(CallEvent.builder().carrier(CARRIER).callId(callId).dialled(BUSINESS_NUMBER)
        .caller(CALLER.e164()).startedAt(now.minusSeconds(60)).endedAt(now.minusSeconds(30))
        .ringDuration(Duration.ofSeconds(30)).outcome(outcome).build());
  }

  void text(String messageId, String body) {
    engine.onInbound(new InboundMessage(CARRIER, messageId, CALLER, BUSINESS_NUMBER, body, List.of(),
        clock.instant(), null));
  }

  double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Override
  public void close() {
    engine.close();
  }

  /** A clock the test moves by hand. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Answers each send with the next scripted outcome; accepts when the script is empty. */
  static final class ScriptedGateway implements SmsGateway {
    private final Deque<Function<SendRequest, SendReceipt>> script = new ArrayDeque<>();
    private int sent;

    synchronized void thenFailTransiently() {
      script.add(r -> {
        throw SendException.builder(CARRIER, "read timed out after the request was sent").possiblyAccepted();
      });
    }

    synchronized void thenRefuse(PermanentFailureReason reason) {
      script.add(r -> {
        throw SendException.builder(CARRIER, "refused").httpStatus(400).permanent(reason);
      });
    }

    @Override
    public CarrierId carrier() {
      return CARRIER;
    }

    @Override
    public SendReceipt send(SendRequest request) {
      Function<SendRequest, SendReceipt> next;
      synchronized (this) {
        next = script.poll();
        sent++;
      }
      return next != null ? next.apply(request) : new SendReceipt("SM" + sent, 1, "queued");
    }
  }
}
