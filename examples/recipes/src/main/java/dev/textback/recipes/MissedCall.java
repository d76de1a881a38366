package dev.textback.recipes;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessProfile;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.gateway.ConsoleSmsGateway;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import dev.textback.store.InMemoryTextBackStore;
import dev.textback.template.MessageTemplates;
import dev.textback.template.Situation;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** A missed call texted back, offline: the text is printed instead of sent. */
public class MissedCall {
  public static void main(String[] args) {
    BusinessProfile summit = BusinessProfile.builder()
        .id("summit").displayName("Summit Heating & Cooling")
        .number("+13035550142").zone(ZoneId.of("America/Denver"))
        .templates(MessageTemplates.builder("en")
            .add(Situation.DEFAULT, "en", "Hi, this is {business}. Sorry we missed your call. "
                + "Reply here with your issue. Reply STOP to opt out.")
            .build())
        .build();

    System.out.println("At noon: " + missedCall(summit, LocalTime.NOON));
    // Quiet hours: a text-back goes out only 08:00-21:00 in the caller's local time; later it waits.
    System.out.println("At 23:00: " + missedCall(summit, LocalTime.of(23, 0)));
  }

  static String missedCall(BusinessProfile business, LocalTime localTime) {
    ZonedDateTime now = ZonedDateTime.of(LocalDate.of(2026, 7, 14), localTime, business.zone());
    try (TextBack engine = TextBack.builder()
        .businesses(BusinessDirectory.of(business))
        .store(new InMemoryTextBackStore())
        .gateway(new ConsoleSmsGateway())            // prints texts; use a carrier to send them
        .clock(Clock.fixed(now.toInstant(), ZoneOffset.UTC))
        .build()) {
      CallDecision decision = engine.onCall(CallEvent.builder()
          .carrier(CarrierId.of("console")).callId("call-" + localTime)
          .dialled(PhoneNumber.of("+13035550142")).caller("+17205550123")
          .startedAt(now.toInstant()).outcome(CallOutcome.NO_ANSWER).build());
      engine.runDueWork();                           // sends what is due now (the dispatcher does this itself)
      return decision.action() + " (" + decision.reason() + ")"
          + (decision.action() == CallDecision.Action.DEFERRED ? ", texted at " + decision.dueAt() : "");
    }
  }
}
