package dev.textback.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every recipe compiles (the build does that) and runs, printing what happened. */
class RecipesRunTest {
  @Test
  void missed_call_texts_at_noon_and_waits_for_morning_at_night() throws Exception {
    String out = Printed.by(MissedCall::main);

    assertThat(out).contains("SMS +1303***0142 -> +1720***0123 (1 segment): Hi, this is Summit Heating & Cooling. "
        + "Sorry we missed your call. Reply here with your issue. Reply STOP to opt out.");
    assertThat(out).contains("At noon: QUEUED (TEXT)");
    // 08:00 MDT (UTC-6) the next morning, in the caller's zone (720 is a Denver area code).
    assertThat(out).contains("At 23:00: DEFERRED (DEFERRED_QUIET_HOURS), texted at 2026-07-15T14:00:00Z");
    assertThat(out.lines().filter(line -> line.startsWith("SMS "))).hasSize(1);
  }

  @Test
  void twilio_webhooks_in_your_server_verify_the_callback_and_send_through_the_messages_api() throws Exception {
    String out = Printed.by(TwilioWebhooksInYourServer::main);

    assertThat(out).contains("Twilio's status callback answered 200");
    assertThat(out).contains("Twilio was asked to text +17205550123 from +13035550142: Hi, this is Summit Heating "
        + "& Cooling. Sorry we missed your call. Reply here with your issue. Reply STOP to opt out.");
  }

  @Test
  void a_reply_reaches_the_crm_with_a_valid_signature() throws Exception {
    String out = Printed.by(RepliesToYourCrm::main);

    assertThat(out).contains("CRM: signature valid; reply from +17205550123: "
        + "My furnace stopped. Can someone come today?");
    assertThat(out).doesNotContain("bad signature");
  }

  @Test
  void templates_pick_the_callers_language_and_report_segments() throws Exception {
    String out = Printed.by(TemplatesAndLanguages::main);

    // 153 characters with ó, í and á, outside GSM-7: UCS-2, 67 per segment once over 70, so 3 segments.
    assertThat(out).contains("DEFAULT/es (UCS_2, 3 segments): Hola, le escribe Summit Heating & Cooling. "
        + "Perdón por no contestar su llamada. Responda aquí con su consulta. Responda STOP para no recibir "
        + "más mensajes.");
    // 141 GSM-7 characters: one segment of at most 160.
    assertThat(out).contains("AFTER_HOURS/en (GSM_7, 1 segment): Hi, this is Summit Heating & Cooling. We're "
        + "closed; we open Monday 8:00 AM. Reply here and we'll call you first thing. Reply STOP to opt out.");
    // 99 characters: two UCS-2 segments (over 70); one GSM-7 segment once the apostrophe is straight.
    assertThat(out).contains("Curly apostrophe: UCS_2, 2 segments, because of ’; with straight quotes: 1 segment");
  }
}
