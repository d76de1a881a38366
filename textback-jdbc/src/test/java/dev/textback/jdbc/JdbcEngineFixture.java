package dev.textback.jdbc;

import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessProfile;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.message.InboundMessage;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import dev.textback.template.MessageTemplates;
import dev.textback.template.Situation;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** One business and the calls and texts it receives, for engines running on the JDBC store. */
final class JdbcEngineFixture {
  static final String BUSINESS_ID = "summit";
  static final PhoneNumber BUSINESS_NUMBER = PhoneNumber.of("+13035550100");
  static final CarrierId CARRIER = CarrierId.of("twilio");
  /** 2026-07-14 14:00 in Denver (MDT, UTC-6), 16:00 in New York: inside every quiet-hours window. */
  static final Instant AFTERNOON = Instant.parse("2026-07-14T20:00:00Z");
  /** What the template below renders to for this business. */
  static final String TEXT_BACK = "Hi from Summit Heating & Cooling";

  private JdbcEngineFixture() {}

  static BusinessProfile business() {
    return businessBuilder().build();
  }

  /** The business, with an owner whose phone gets forwards and escalations. */
  static BusinessProfile business(PhoneNumber ownerPhone) {
    return businessBuilder().ownerPhone(ownerPhone.e164()).build();
  }

  private static BusinessProfile.Builder businessBuilder() {
    return BusinessProfile.builder()
        .id(BUSINESS_ID)
        .displayName("Summit Heating & Cooling")
        .zone(ZoneId.of("America/Denver"))
        .number(BUSINESS_NUMBER.e164())
        .templates(MessageTemplates.builder("en").add(Situation.DEFAULT, "en", "Hi from {business}").build());
  }

  static BusinessDirectory businesses() {
    return BusinessDirectory.of(business());
  }

  /** A distinct New York caller per index. */
  static String caller(int i) {
    return String.format("+1212555%04d", 1000 + i);
  }

  static CallEvent missedCall(String callId, String caller, Instant at) {
    return CallEvent.builder()
        .carrier(CARRIER)
        .callId(callId)
        .dialled(BUSINESS_NUMBER)
        .caller(caller)
        .startedAt(at)
        .outcome(CallOutcome.NO_ANSWER)
        .build();
  }

  static InboundMessage text(String messageId, String from, String body, Instant at) {
    return new InboundMessage(CARRIER, messageId, PhoneNumber.of(from), BUSINESS_NUMBER, body, List.of(), at, null);
  }
}
