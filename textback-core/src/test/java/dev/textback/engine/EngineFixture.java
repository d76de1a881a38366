package dev.textback.engine;

import dev.textback.phone.CarrierId;
import dev.textback.MutableClock;
import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessProfile;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.message.InboundMessage;
import dev.textback.phone.PhoneNumber;
import dev.textback.spi.ClaimScope;
import dev.textback.spi.OutboxEntry;
import dev.textback.store.InMemoryTextBackStore;
import dev.textback.template.MessageTemplates;
import dev.textback.template.Situation;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.UnaryOperator;

/** A business, a store, a scripted gateway and a hand-moved clock, wired into engines for tests. */
final class EngineFixture {
  static final PhoneNumber BUSINESS_NUMBER = PhoneNumber.of("+13035550100");
  static final String CALLER = "+12125550123";
  static final String OTHER_CALLER = "+14155552671";
  /** 2026-07-14 14:00 in Denver (MDT, UTC-6) = 16:00 in New York: inside every window. */
  static final Instant AFTERNOON = Instant.parse("2026-07-14T20:00:00Z");
  /** What an engine with the fixture's gateway claims. */
  static final ClaimScope TWILIO_TEXTS = ClaimScope.carriers("twilio");

  final MutableClock clock = new MutableClock(AFTERNOON);
  final InMemoryTextBackStore store = new InMemoryTextBackStore();
  final ScriptedGateway gateway = new ScriptedGateway(CarrierId.of("twilio"));
  final BusinessProfile business;

  EngineFixture() {
    this(b -> b);
  }

  EngineFixture(UnaryOperator<BusinessProfile.Builder> customise) {
    business = customise.apply(BusinessProfile.builder()
        .id("summit")
        .displayName("Summit Heating & Cooling")
        .zone(ZoneId.of("America/Denver"))
        .number(BUSINESS_NUMBER.e164())
        .templates(MessageTemplates.builder("en")
            .add(Situation.DEFAULT, "en", "Hi, this is {business}. Sorry we missed your call. Reply here with your issue.")
            .build()))
        .build();
  }

  TextBack.Builder engineBuilder() {
    return TextBack.builder()
        .businesses(BusinessDirectory.of(business))
        .store(store)
        .gateway(gateway)
        .clock(clock);
  }

  TextBack engine() {
    return engineBuilder().build();
  }

  CallEvent missedCall(String callId, String caller) {
    return call(callId, caller, CallOutcome.NO_ANSWER);
  }

  CallEvent call(String callId, String caller, CallOutcome outcome) {
    return CallEvent.builder()
        .carrier(CarrierId.of("twilio"))
        .callId(callId)
        .dialled(BUSINESS_NUMBER)
        .caller(caller)
        .startedAt(clock.instant())
        .outcome(outcome)
        .build();
  }

  /**
   * Claims every entry still pending, whatever its due time or lease, so a test can show none is left. It
   * leaves them claimed: call it after the engines are closed.
   */
  List<OutboxEntry> claimAllPending() {
    return store.claimDue("pending-probe", Instant.parse("9999-01-01T00:00:00Z"), Duration.ofSeconds(1),
        Integer.MAX_VALUE, ClaimScope.carriers("twilio", "vonage"));
  }

  InboundMessage text(String messageId, String from, String body) {
    return new InboundMessage(CarrierId.of("twilio"), messageId, PhoneNumber.of(from), BUSINESS_NUMBER, body, List.of(),
        clock.instant(), null);
  }
}
