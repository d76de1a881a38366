package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.TextBackListener;
import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessNumber;
import dev.textback.business.BusinessProfile;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.jdbc.JdbcTextBackStore;
import dev.textback.phone.PhoneNumber;
import dev.textback.twilio.TwilioCarrier;
import dev.textback.twilio.TwilioConfig;
import dev.textback.twilio.TwilioSignatureVerifier;
import dev.textback.webhook.WebhookResponse;
import dev.textback.webhook.WebhookRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two reference-server engines on one PostgreSQL database with Twilio voicemail on, behind a load balancer
 * that sends a call's {@code <Dial>} action to one instance and its recording and status callbacks to the
 * other: the call is decided exactly as one instance decides it, because the dial's outcome waits in the
 * store, not in an instance's memory. Needs the PostgreSQL that .ci/pg-start.sh starts (or
 * TEXTBACK_TEST_PG_URL).
 */
class DialOutcomeAcrossInstancesTest {
  private static final String PG = System.getenv().getOrDefault("TEXTBACK_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:55432/textback_test?user=postgres");
  private static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
  private static final String AUTH_TOKEN = "5b1a2c3d4e5f60719f3b6e2a41c8d7e0";
  private static final String BASE = "https://textback.example.com/webhooks/twilio/";
  private static final String LINE = "+13035550142";
  private static final String CELL = "+13035550199";
  private static final String CALLER = "+17205550123";
  /** A Tuesday, 14:00 in Denver: inside opening hours and quiet-hours windows. */
  private static final Instant AFTERNOON = Instant.parse("2026-07-14T20:00:00Z");

  private final List<String> databases = new ArrayList<>();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) closing.get(i).close();
    try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
      for (String db : databases) s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }
  }

  /** One webhook of a call, and the instance the load balancer sends it to. */
  private record Step(int instance, String route, Map<String, String> params) {}

  /** What the engines decided: each first decision's outcome and action, in order. */
  private List<String> play(int instances, List<Step> steps) throws Exception {
    String database = "textback_lb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    databases.add(database);
    List<String> decided = new ArrayList<>();
    List<TextBack> engines = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      HikariConfig pool = new HikariConfig();
      pool.setJdbcUrl(PG.replace("/textback_test", "/" + database));
      pool.setMaximumPoolSize(2);
      HikariDataSource dataSource = new HikariDataSource(pool);
      closing.add(dataSource);
      JdbcTextBackStore store = new JdbcTextBackStore(dataSource);
      store.migrate();
      TwilioCarrier twilio = TwilioCarrier.create(TwilioConfig.builder().accountSid(ACCOUNT_SID).authToken(AUTH_TOKEN)
          .publicBaseUrl("https://textback.example.com").voicemail(true).build());
      closing.add(twilio);
      TextBack engine = TextBack.builder()
          .businesses(BusinessDirectory.of(BusinessProfile.builder().id("summit").displayName("Summit")
              .zone(ZoneId.of("America/Denver"))
              .number(new BusinessNumber(PhoneNumber.of(LINE), null, PhoneNumber.of(CELL))).build()))
          .store(store)
          .clock(Clock.fixed(AFTERNOON, ZoneOffset.UTC))
          .carrier(twilio)
          .listener(new TextBackListener() {
            @Override
            public void onCallDecided(CallEvent event, CallDecision decision) {
              synchronized (decided) {
                if (!decision.duplicate()) decided.add(event.outcome() + " " + decision.action());
              }
            }
          })
          .build();
      closing.add(engine);
      engines.add(engine);
    }
    TwilioSignatureVerifier signer = new TwilioSignatureVerifier(AUTH_TOKEN, null);
    for (Step step : steps) {
      String url = BASE + step.route();
      Map<String, List<String>> form = new LinkedHashMap<>();
      step.params().forEach((k, v) -> form.put(k, List.of(v)));
      String body = step.params().entrySet().stream()
          .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
              + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
          .collect(Collectors.joining("&"));
      WebhookRequest request = WebhookRequest.formPost(url,
          Map.of("X-Twilio-Signature", List.of(signer.sign(url, form))), body);
      WebhookResponse response = engines.get(step.instance()).webhooks(TwilioCarrier.ID).endpoints()
          .get(step.route().replaceFirst("\\?.*", "")).handle(request);
      assertThat(response.status()).as(step.route()).isEqualTo(200);
    }
    return decided;
  }

  private static Map<String, String> call(String callSid, String... more) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("AccountSid", ACCOUNT_SID);
    p.put("CallSid", callSid);
    p.put("From", CALLER);
    p.put("To", LINE);
    p.put("Direction", "inbound");
    for (int i = 0; i < more.length; i += 2) p.put(more[i], more[i + 1]);
    return p;
  }

  /** Busy line, voicemail offered, the caller hangs up on the greeting: only the final status follows. */
  private static List<Step> hangsUpOnTheGreeting(int dialInstance, int laterInstance) {
    return List.of(
        new Step(dialInstance, "voice", call("CA1", "CallStatus", "ringing")),
        new Step(dialInstance, "voice/dial", call("CA1", "CallStatus", "in-progress", "DialCallStatus", "busy")),
        new Step(laterInstance, "voice/status", call("CA1", "CallStatus", "completed", "CallDuration", "6")));
  }

  /** No answer, then a voicemail is left: the recording and the final status follow. */
  private static List<Step> leavesAVoicemail(int dialInstance, int laterInstance) {
    return List.of(
        new Step(dialInstance, "voice", call("CA2", "CallStatus", "ringing")),
        new Step(dialInstance, "voice/dial", call("CA2", "CallStatus", "in-progress", "DialCallStatus", "no-answer")),
        new Step(laterInstance, "voice/recording?outcome=NO_ANSWER", call("CA2", "CallStatus", "completed",
            "RecordingDuration", "12", "RecordingUrl", "https://api.twilio.com/recordings/RE1")),
        new Step(laterInstance, "voice/status", call("CA2", "CallStatus", "completed", "CallDuration", "40")));
  }

  @Test
  void a_call_whose_caller_hangs_up_on_the_greeting_is_decided_by_its_dial_on_any_instance() throws Exception {
    List<String> oneInstance = play(1, hangsUpOnTheGreeting(0, 0));
    List<String> split = play(2, hangsUpOnTheGreeting(0, 1));

    assertThat(oneInstance).containsExactly(CallOutcome.BUSY + " " + CallDecision.Action.QUEUED);
    assertThat(split).isEqualTo(oneInstance);
  }

  @Test
  void a_voicemail_left_after_the_dial_is_decided_the_same_on_any_instance() throws Exception {
    List<String> oneInstance = play(1, leavesAVoicemail(0, 0));
    List<String> split = play(2, leavesAVoicemail(0, 1));

    assertThat(oneInstance).containsExactly(CallOutcome.VOICEMAIL + " " + CallDecision.Action.QUEUED);
    assertThat(split).isEqualTo(oneInstance);
  }
}
