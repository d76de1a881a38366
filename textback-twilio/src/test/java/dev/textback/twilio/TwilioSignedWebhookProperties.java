package dev.textback.twilio;

import static dev.textback.twilio.TwilioFixtures.ACCOUNT_SID;
import static dev.textback.twilio.TwilioFixtures.AUTH_TOKEN;
import static dev.textback.twilio.TwilioFixtures.BUSINESS;
import static dev.textback.twilio.TwilioFixtures.BUSINESS_CELL;
import static dev.textback.twilio.TwilioFixtures.CALLER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.DeliveryStatus;
import dev.textback.message.InboundMessage;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.w3c.dom.Document;

/**
 * Every Twilio route, with requests Twilio signed correctly but whose parameters are anything at all: the
 * fields the adapter reads with documented and undocumented values, unknown parameters with any text, and the
 * adapter's own query parameters on the URL. Each is answered 200 with TwiML or 400 with a reason (403 for
 * another account), never 5xx and never through a caught exception; what reaches the engine has ids that fit
 * the store and numbers that parse; and a 200 decides what Twilio's documentation says it should.
 */
class TwilioSignedWebhookProperties {
  private static final String OTHER_ACCOUNT = "AC99999999999999999999999999999999";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final List<TwilioConfig> CONFIGS = List.of(
      TwilioFixtures.config().build(),
      TwilioFixtures.config().voicemail(true).build(),
      TwilioFixtures.config().answeringMachineDetection(true).build(),
      TwilioFixtures.config().callScreening(true).voicemail(true).voicemailGreeting("").build());
  private static final Set<String> KNOWN = Set.of("AccountSid", "CallSid", "From", "To", "DialCallStatus",
      "DialBridged", "CallStatus", "CallDuration", "RecordingDuration", "RecordingUrl", "MessageSid", "SmsSid",
      "MessageStatus", "SmsStatus", "ErrorCode", "NumMedia", "MediaUrl0", "MediaUrl1", "AnsweredBy", "ParentCallSid",
      "Body", "OptOutType", "Digits", "CallerName");

  private final DocumentBuilder xml = xmlParser();
  /** Webhooks for each configuration, without and with forwarding (index config * 2 + forwarding), reused. */
  private final List<Setup> setups = setups();
  private CapturedLog log;

  @BeforeProperty
  void captureLog() {
    log = CapturedLog.start();
  }

  @AfterProperty
  void releaseLog() {
    log.close();
  }

  @Property(tries = 10_000)
  void answers_a_signed_webhook_with_twiml_or_a_reason_and_hands_the_engine_sane_values(
      @ForAll("webhooks") SignedWebhook hook) throws Exception {
    Setup setup = setups.get(hook.config() * 2 + (hook.forwarding() ? 1 : 0));
    FakeEngine engine = setup.freshEngine();

    WebhookResponse response = setup.webhooks().endpoints().get(hook.route()).handle(hook.request());

    assertThat(log.errors()).as("ERROR lines").isEmpty();
    if (hook.account() == Account.OTHER) {
      assertThat(response.status()).isEqualTo(403);
    } else if (hook.allGood()) {
      assertThat(response.status()).as(response.body()).isEqualTo(200);
    } else {
      assertThat(response.status()).as(response.body()).isIn(200, 400);
    }
    if (response.status() != 200) {
      assertThat(engine.untouched()).isTrue();
      assertThat(response.body()).doesNotContain("\r").endsWith("\n");
      return;
    }
    assertThat(response.contentType()).startsWith("text/xml");
    Document twiml = xml.parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
    assertThat(twiml.getDocumentElement().getTagName()).isEqualTo("Response");
    engine.calls.forEach(TwilioSignedWebhookProperties::assertSane);
    engine.inbound.forEach(TwilioSignedWebhookProperties::assertSane);
    engine.receipts.forEach(r -> assertThat(r.messageId()).matches(ID));
    new Decision(hook, engine, response.body()).check();
  }

  /** A configuration's webhooks and the engine behind them, emptied before each try. */
  private record Setup(FakeEngine engine, TwilioWebhooks webhooks) {
    FakeEngine freshEngine() {
      engine.calls.clear();
      engine.inbound.clear();
      engine.receipts.clear();
      engine.pending = new FakeEngine.MapPendingCalls();
      return engine;
    }
  }

  private static List<Setup> setups() {
    List<Setup> out = new ArrayList<>();
    for (TwilioConfig config : CONFIGS) {
      for (boolean forwarding : new boolean[] {false, true}) {
        FakeEngine engine = new FakeEngine();
        if (forwarding) engine.forwarding(BUSINESS, BUSINESS_CELL);
        out.add(new Setup(engine, new TwilioWebhooks(config, engine)));
      }
    }
    return out;
  }

  private static void assertSane(CallEvent call) {
    assertThat(call.callId()).matches(ID);
    assertThat(call.dialled().e164()).matches(E164);
    assertThat(call.ringDuration().isNegative()).isFalse();
    assertThat(call.startedAt()).isBeforeOrEqualTo(FakeEngine.NOW);
    assertThat(call.voicemail().length().isNegative()).isFalse();
    if (call.voicemail().messageLeft()) assertThat(call.voicemail().length()).isPositive();
  }

  private static void assertSane(InboundMessage message) {
    assertThat(message.messageId()).matches(ID);
    assertThat(message.from().e164()).matches(E164);
    assertThat(message.to().e164()).matches(E164);
    assertThat(message.mediaUrls()).hasSizeLessThanOrEqualTo(10);
  }

  /** What a 200 must have decided, worked out from Twilio's documented values and the route table of TwilioWebhooks. */
  private record Decision(SignedWebhook hook, FakeEngine engine, String twiml) {
    void check() {
      TwilioConfig config = CONFIGS.get(hook.config());
      String to = hook.value("To").map(String::trim).orElse("");
      boolean forwards = hook.forwarding() && to.equals(BUSINESS);
      switch (hook.route()) {
        case TwilioWebhooks.VOICE -> {
          if (forwards) {
            assertThat(twiml).contains("<Dial").contains(BUSINESS_CELL);
            assertThat(engine.untouched()).isTrue();
          } else if (config.voicemail()) {
            assertThat(twiml).contains("<Record");
            assertThat(engine.untouched()).isTrue();
          } else {
            assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.NO_ANSWER);
          }
        }
        case TwilioWebhooks.VOICE_DIAL -> {
          CallOutcome outcome = dialOutcome(hook.value("DialCallStatus").orElseThrow(),
              hook.value("DialBridged").orElse(""));
          if (outcome != CallOutcome.ANSWERED && config.voicemail()) {
            assertThat(twiml).contains("<Record");
            assertThat(engine.untouched()).isTrue();
          } else {
            assertThat(engine.onlyCall().outcome()).isEqualTo(outcome);
          }
        }
        case TwilioWebhooks.VOICE_RECORDING -> {
          int seconds = hook.value("RecordingDuration").map(v -> Integer.parseInt(v.trim())).orElse(0);
          CallEvent call = engine.onlyCall();
          if (seconds > 0) {
            assertThat(call.outcome()).isEqualTo(CallOutcome.VOICEMAIL);
            assertThat(call.voicemail().length()).isEqualTo(Duration.ofSeconds(seconds));
          } else {
            assertThat(call.outcome().name()).isEqualTo(hook.queryValue("outcome").orElse("NO_ANSWER"));
          }
        }
        case TwilioWebhooks.VOICE_STATUS -> checkStatus(forwards);
        case TwilioWebhooks.VOICE_SCREEN -> {
          assertThat(engine.untouched()).isTrue();
          assertThat(twiml).contains(hook.value("Digits").isPresent() ? "<Response/>" : "<Gather");
        }
        case TwilioWebhooks.SMS -> {
          String from = hook.value("From").orElseThrow().trim();
          if (E164.matcher(from).matches()) {
            assertThat(engine.inbound).hasSize(1);
            InboundMessage message = engine.inbound.get(0);
            assertThat(message.from().e164()).isEqualTo(from);
            assertThat(message.body()).isEqualTo(hook.value("Body").orElse(""));
          } else {
            assertThat(engine.untouched()).isTrue();
          }
        }
        case TwilioWebhooks.SMS_STATUS -> {
          Optional<DeliveryStatus> status = deliveryStatus(hook.value("MessageStatus").orElseThrow());
          assertThat(engine.receipts.stream().map(DeliveryReceipt::status).toList())
              .isEqualTo(status.map(List::of).orElse(List.of()));
        }
        default -> throw new AssertionError("route " + hook.route());
      }
    }

    private void checkStatus(boolean forwards) {
      Optional<String> answeredBy = hook.value("AnsweredBy");
      if (answeredBy.isPresent()) {
        if (answeredBy.get().startsWith("machine_")) {
          assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.VOICEMAIL);
        } else {
          assertThat(engine.untouched()).isTrue();
        }
        return;
      }
      if (hook.value("ParentCallSid").isPresent()) {
        assertThat(engine.untouched()).isTrue();
        return;
      }
      Optional<CallOutcome> outcome = switch (hook.value("CallStatus").orElseThrow()) {
        case "completed" -> Optional.of(forwards ? CallOutcome.CANCELED : CallOutcome.NO_ANSWER);
        case "canceled" -> Optional.of(CallOutcome.CANCELED);
        case "busy" -> Optional.of(CallOutcome.BUSY);
        case "no-answer" -> Optional.of(CallOutcome.NO_ANSWER);
        case "failed" -> Optional.of(CallOutcome.FAILED);
        default -> Optional.empty(); // queued, ringing, in-progress: the call goes on
      };
      assertThat(engine.calls.stream().map(CallEvent::outcome).toList())
          .isEqualTo(outcome.map(List::of).orElse(List.of()));
      int seconds = hook.value("CallDuration").map(v -> Math.max(0, Integer.parseInt(v.trim()))).orElse(0);
      engine.calls.forEach(c -> assertThat(c.ringDuration()).isEqualTo(Duration.ofSeconds(seconds)));
    }
  }

  /** Twilio's DialCallStatus values; a dial that never bridged was not answered, whatever its status. */
  static CallOutcome dialOutcome(String status, String bridged) {
    boolean neverBridged = bridged.equalsIgnoreCase("false");
    return switch (status) {
      case "completed", "answered" -> neverBridged ? CallOutcome.NO_ANSWER : CallOutcome.ANSWERED;
      case "busy" -> CallOutcome.BUSY;
      case "no-answer" -> CallOutcome.NO_ANSWER;
      case "failed" -> CallOutcome.FAILED;
      case "canceled" -> CallOutcome.CANCELED;
      default -> throw new AssertionError("not a documented DialCallStatus: " + status);
    };
  }

  /** Twilio's outbound MessageStatus values; inbound ones ({@code receiving}, {@code received}) say nothing. */
  static Optional<DeliveryStatus> deliveryStatus(String status) {
    return Optional.ofNullable(switch (status) {
      case "accepted", "scheduled", "queued", "sending" -> DeliveryStatus.ACCEPTED;
      case "sent" -> DeliveryStatus.SENT;
      case "delivered", "read" -> DeliveryStatus.DELIVERED;
      case "undelivered" -> DeliveryStatus.UNDELIVERED;
      case "failed", "canceled" -> DeliveryStatus.FAILED;
      default -> null;
    });
  }

  private static DocumentBuilder xmlParser() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // What was sent

  enum Account { ABSENT, BLANK, OURS, OTHER }

  /** One parameter as sent (a null value was not sent), and whether the value is one Twilio documents. */
  record Field(String name, String value, boolean good) {}

  record SignedWebhook(String route, int config, boolean forwarding, Account account, List<Field> fields,
      List<Map.Entry<String, String>> extra, Map<String, Field> query, boolean brokenQuery) {
    Optional<String> value(String name) {
      return fields.stream().filter(f -> f.name().equals(name) && f.value() != null && !f.value().isBlank())
          .map(Field::value).findFirst();
    }

    boolean allGood() {
      return !brokenQuery && fields.stream().allMatch(Field::good) && query.values().stream().allMatch(Field::good);
    }

    /** A query parameter the adapter put on its callback URL, when present and not blank. */
    Optional<String> queryValue(String name) {
      return Optional.ofNullable(query.get(name)).map(Field::value).filter(v -> !v.isBlank());
    }

    String url() {
      StringBuilder sb = new StringBuilder(TwilioFixtures.url(route));
      List<String> pairs = new ArrayList<>();
      query.forEach((k, v) -> pairs.add(encode(k) + "=" + encode(v.value())));
      if (brokenQuery) pairs.add("x=%zz");
      if (!pairs.isEmpty()) sb.append('?').append(String.join("&", pairs));
      return sb.toString();
    }

    Map<String, List<String>> params() {
      Map<String, List<String>> params = new LinkedHashMap<>();
      switch (account) {
        case BLANK -> params.put("AccountSid", List.of(" "));
        case OURS -> params.put("AccountSid", List.of(ACCOUNT_SID));
        case OTHER -> params.put("AccountSid", List.of(OTHER_ACCOUNT));
        default -> { }
      }
      fields.forEach(f -> {
        if (f.value() != null) params.put(f.name(), List.of(f.value()));
      });
      extra.forEach(e -> params.computeIfAbsent(KNOWN.contains(e.getKey()) ? "X" + e.getKey() : e.getKey(),
          k -> new ArrayList<>()).add(e.getValue()));
      return params;
    }

    WebhookRequest request() {
      Map<String, List<String>> params = params();
      String body = TwilioSignatureProperties.formBody(params);
      String signature = TwilioFixtures.sign(AUTH_TOKEN, url(), params);
      return WebhookRequest.formPost(url(), Map.of("X-Twilio-Signature", List.of(signature)), body);
    }

    @Override
    public String toString() {
      return route + " (config " + config + (forwarding ? ", forwarding" : "") + ") " + url() + " " + params();
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // Generators

  @Provide
  Arbitrary<SignedWebhook> webhooks() {
    Arbitrary<String> route = Arbitraries.of(TwilioWebhooks.VOICE, TwilioWebhooks.VOICE_DIAL,
        TwilioWebhooks.VOICE_RECORDING, TwilioWebhooks.VOICE_STATUS, TwilioWebhooks.VOICE_SCREEN, TwilioWebhooks.SMS,
        TwilioWebhooks.SMS_STATUS).withoutEdgeCases(); // edge cases would favour the first and last route
    Arbitrary<Account> account = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(Account.OURS)),
        Tuple.of(2, Arbitraries.just(Account.ABSENT)), Tuple.of(1, Arbitraries.of(Account.BLANK, Account.OTHER)));
    Arbitrary<List<Map.Entry<String, String>>> extra = Combinators.combine(TwilioArbitraries.text(12),
        TwilioArbitraries.text(30)).as(Map::entry).list().ofMaxSize(4);
    Arbitrary<Map<String, Field>> query = Combinators.combine(
        queryField("outcome", "ANSWERED", "NO_ANSWER", "BUSY", "CANCELED", "VOICEMAIL", "FAILED"),
        queryField("call", "CA22222222222222222222222222222222"),
        queryField("dialled", BUSINESS, "+447700900456"),
        queryField("caller", CALLER, "", "anonymous")).as((outcome, call, dialled, caller) -> {
          Map<String, Field> q = new LinkedHashMap<>();
          for (Field f : List.of(outcome, call, dialled, caller)) if (f.value() != null) q.put(f.name(), f);
          return q;
        });
    Arbitrary<Boolean> brokenQuery = Arbitraries.frequencyOf(Tuple.of(15, Arbitraries.just(false)),
        Tuple.of(1, Arbitraries.just(true)));
    Arbitrary<Integer> config = Arbitraries.integers().between(0, CONFIGS.size() - 1);
    return Combinators.combine(route, config, Arbitraries.of(true, false), account, fields(), extra, query, brokenQuery)
        .as(SignedWebhook::new);
  }

  /** Every field the adapter reads: mostly a value Twilio documents, now and then a missing, odd or random one. */
  static Arbitrary<List<Field>> fields() {
    String sid = "CA11111111111111111111111111111111";
    String messageSid = "SM44444444444444444444444444444444";
    List<String> badIds = List.of("", " ", "C".repeat(129), "CA 1", "CA1\r\nforged", "CAé", "CA/../1");
    List<String> badNumbers = List.of("", "12025550182", "client:alice", "sip:alice@example.com", "+1", "+0123456789");
    List<String> badIntegers = List.of("x", "1.5", "99999999999", "0x10", "1e3");
    return Combinators.combine(List.of(
        field("CallSid", List.of(sid, "CA0123456789abcdef0123456789abcdef", "a.b_c:d-e", "C".repeat(128)), badIds,
            true),
        field("From", List.of(CALLER, "+447700900123", "12345", "ACME", "whatsapp:+12015550123", "anonymous"),
            List.of("", " "), true),
        field("To", List.of(BUSINESS, " +12025550182 ", "+447700900456"), badNumbers, true),
        field("DialCallStatus", List.of("completed", "answered", "no-answer", "busy", "failed", "canceled"),
            List.of("", "ringing", "COMPLETED"), true),
        field("DialBridged", List.of("true", "false", "FALSE", "x"), List.of(), false),
        field("CallStatus", List.of("queued", "ringing", "in-progress", "completed", "busy", "failed", "no-answer",
            "canceled", "unheard-of"), List.of(""), true),
        field("CallDuration", List.of("0", "5", "3600", "-5", " 12 "), badIntegers, false),
        field("RecordingDuration", List.of("0", "12", "-1", "600"), badIntegers, false),
        field("RecordingUrl", List.of("https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1"), List.of(),
            false),
        field("MessageSid", List.of(messageSid, "MM44444444444444444444444444444444"), badIds, true),
        field("MessageStatus", List.of("accepted", "scheduled", "queued", "sending", "sent", "delivered", "read",
            "undelivered", "failed", "canceled", "receiving", "received", "partially_delivered"), List.of(""), true),
        field("ErrorCode", List.of("30003", "21610", "30007", "0", "x".repeat(300)), List.of(), false),
        field("NumMedia", List.of("0", "1", "2", "10", "25", "-1"), badIntegers, false),
        field("MediaUrl0", List.of("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"), List.of(),
            false),
        field("MediaUrl1", List.of("https://example.com/cat.gif"), List.of(), false),
        field("AnsweredBy", List.of("human", "machine_start", "machine_end_beep", "machine_end_silence", "fax",
            "unknown"), List.of(), false),
        field("ParentCallSid", List.of("CA33333333333333333333333333333333"), List.of("CA 3", "C".repeat(200)), false),
        field("Body", List.of("Can you come by Thursday? I'm at 5 & Main <back door>", "STOP", "😀"), List.of(),
            false),
        field("OptOutType", List.of("STOP", "start", "HELP"), List.of(), false),
        field("Digits", List.of("1", "#"), List.of(), false),
        field("CallerName", List.of("JANE DOE", "<script>"), List.of(), false)))
        .as(list -> list);
  }

  /**
   * A query parameter the adapter adds to its callback URLs: often absent, mostly as it writes it, now and then
   * any text.
   */
  private static Arbitrary<Field> queryField(String name, String... written) {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(new Field(name, null, true))),
        Tuple.of(3, Arbitraries.of(written).map(v -> new Field(name, v, true))),
        Tuple.of(1, TwilioArbitraries.text(20).map(v -> new Field(name, v, false))));
  }

  /**
   * A field that is sometimes left out (required ones then count as bad), mostly has a documented value, and
   * otherwise a bad or random one. Random text counts as bad wherever bad values exist, so "all good" holds.
   */
  private static Arbitrary<Field> field(String name, List<String> good, List<String> bad, boolean required) {
    boolean anyTextIsFine = bad.isEmpty() && !required;
    Arbitrary<Field> documented = Arbitraries.of(good).map(v -> new Field(name, v, true));
    Arbitrary<Field> absent = Arbitraries.just(new Field(name, null, !required));
    Arbitrary<Field> random = TwilioArbitraries.text(20).map(v -> new Field(name, v, anyTextIsFine));
    List<Tuple.Tuple2<Integer, Arbitrary<Field>>> choices = new ArrayList<>(List.of(
        Tuple.of(required ? 28 : 10, documented), Tuple.of(required ? 1 : 12, absent), Tuple.of(1, random)));
    if (!bad.isEmpty()) choices.add(Tuple.of(1, Arbitraries.of(bad).map(v -> new Field(name, v, false))));
    return Arbitraries.frequencyOf(choices);
  }
}
