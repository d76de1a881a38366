package dev.textback.benchmarks.jmh;

import dev.textback.business.BusinessProfile;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.phone.CarrierId;
import dev.textback.phone.CallerId;
import dev.textback.phone.PhoneNumber;
import dev.textback.phone.PhoneNumbers;
import dev.textback.policy.QuietHoursCheck;
import dev.textback.rules.CallContext;
import dev.textback.rules.MissedCallRules;
import dev.textback.rules.RuleVerdict;
import dev.textback.template.MessageTemplates;
import dev.textback.template.SegmentReport;
import dev.textback.template.Situation;
import dev.textback.template.SmsSegments;
import dev.textback.template.Template;
import dev.textback.template.TemplateValues;
import dev.textback.plivo.PlivoSignatureVerifier;
import dev.textback.twilio.TwilioSignatureVerifier;
import dev.textback.vonage.VonageConfig.SignatureMethod;
import dev.textback.vonage.VonageSignatureVerifier;
import dev.textback.webhook.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU work of one missed call and one webhook, each on its own: rendering the text-back and reporting its SMS
 * segments, the rules and the quiet-hours decision, each carrier's signature check (Twilio's HMAC-SHA1 of URL and
 * parameters, Vonage's HS256 JWT with the body's SHA-256, Plivo's V3 HMAC-SHA256 with a nonce), and parsing a
 * Twilio status callback.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmarks {
  private static final String TOKEN = "12345678901234567890123456789012";
  private static final String URL = "https://hooks.example.com/twilio/voice/status";

  private Template template;
  private TemplateValues values;
  private MissedCallRules rules;
  private BusinessProfile business;
  private CallEvent call;
  private TwilioSignatureVerifier verifier;
  private WebhookRequest signed;
  private String form;
  private VonageSignatureVerifier vonage;
  private WebhookRequest vonageSigned;
  private Instant vonageNow;
  private PlivoSignatureVerifier plivo;
  private WebhookRequest plivoSigned;

  @Setup
  public void setUp() throws GeneralSecurityException {
    business = BusinessProfile.builder()
        .id("summit")
        .displayName("Summit Heating & Cooling")
        .zone(ZoneId.of("America/Denver"))
        .number("+13035550100")
        .templates(MessageTemplates.builder("en")
            .add(Situation.DEFAULT, "en", "Hi, this is {business}. Sorry we missed your call. Reply here with your issue.")
            .build())
        .build();
    template = new Template(Situation.DEFAULT, "en",
        "Hi {caller_name}, this is {business}. Sorry we missed your call at {call_time}. Reply here with your issue.");
    values = TemplateValues.builder().put("caller_name", "Ana").put("business", "Summit Heating & Cooling")
        .put("call_time", "2:05 PM").build();
    rules = MissedCallRules.defaults();
    call = CallEvent.builder().carrier(CarrierId.of("twilio")).callId("CA1").dialled(PhoneNumber.of("+13035550100"))
        .caller("+12125550123").startedAt(Instant.parse("2026-07-14T20:00:00Z")).outcome(CallOutcome.NO_ANSWER)
        .build();
    verifier = new TwilioSignatureVerifier(TOKEN, null);
    form = resource("/fake/twilio-call-status-completed.params");
    Map<String, List<String>> params = WebhookRequest.parseForm(form);
    signed = WebhookRequest.formPost(URL, Map.of("X-Twilio-Signature", List.of(sign(URL, params))), form);

    // A Voice API event as Vonage posts it, signed as Vonage signs webhooks (the verifier's own signer: the
    // module's tests hold it to independent vectors; here only the cost of checking counts).
    vonage = new VonageSignatureVerifier(VonageSignatureVerifier.Scheme.SIGNED_WEBHOOK,
        "0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a", "abcd1234", SignatureMethod.MD5HASH, Duration.ofMinutes(5));
    byte[] event = ("{\"from\":\"12125550123\",\"to\":\"13035550100\",\"uuid\":\"aaaaaaaa-bbbb-cccc-dddd-0123456789ab\","
        + "\"conversation_uuid\":\"CON-aaaaaaaa-bbbb-cccc-dddd-0123456789ab\",\"status\":\"unanswered\","
        + "\"direction\":\"inbound\",\"timestamp\":\"2026-07-14T20:00:00.000Z\"}").getBytes(StandardCharsets.UTF_8);
    vonageNow = Instant.parse("2026-07-14T20:00:01Z");
    String token = vonage.signedWebhookToken(event, vonageNow.minusSeconds(1));
    vonageSigned = WebhookRequest.of("POST", "https://hooks.example.com/vonage/voice/event",
        Map.of("Authorization", List.of("Bearer " + token), "Content-Type", List.of("application/json")), event);

    // A Plivo hangup callback, V3-signed.
    plivo = new PlivoSignatureVerifier("MAUTHTOKEN0123456789abcdefghijklmnopqrstu", null, false);
    String plivoUrl = "https://hooks.example.com/plivo/voice/hangup";
    String plivoForm = "CallUUID=2f3a8a58-1f6d-11f0-9e3a-0242ac110002&CallStatus=no-answer&Direction=inbound"
        + "&From=12125550123&To=13035550100&HangupCause=NO_ANSWER&Duration=0&BillDuration=0&Event=Hangup";
    String nonce = "31925412391875063281";
    String plivoSignature = plivo.signV3("POST", plivoUrl, WebhookRequest.parseForm(plivoForm), nonce);
    plivoSigned = WebhookRequest.formPost(plivoUrl, Map.of(PlivoSignatureVerifier.V3_HEADER, List.of(plivoSignature),
        PlivoSignatureVerifier.V3_NONCE_HEADER, List.of(nonce)), plivoForm);
  }

  /** Twilio's documented scheme: HMAC-SHA1 over the URL and the sorted parameters, base64. */
  private static String sign(String url, Map<String, List<String>> params) throws GeneralSecurityException {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, list) -> list.stream().sorted().forEach(v -> data.append(name).append(v)));
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** Lines of {@code name=value} become a form body. */
  private static String resource(String name) {
    try (InputStream in = HotPathBenchmarks.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("no resource " + name);
      StringJoiner body = new StringJoiner("&");
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        int eq = line.indexOf('=');
        if (eq <= 0) continue;
        body.add(URLEncoder.encode(line.substring(0, eq), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(line.substring(eq + 1).strip(), StandardCharsets.UTF_8));
      }
      return body.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Benchmark
  public SegmentReport renderAndReportSegments() {
    return SmsSegments.analyze(template.render(values));
  }

  @Benchmark
  public QuietHoursCheck rulesAndPolicyDecision() {
    CallerId caller = PhoneNumbers.parse(call.caller(), business.defaultRegion());
    RuleVerdict verdict = rules.evaluate(new CallContext(call, business, caller));
    if (!verdict.shouldText()) throw new IllegalStateException("not texted: " + verdict.reason());
    return business.quietHours().check(caller.number(), business.zone(), call.startedAt());
  }

  @Benchmark
  public WebhookRequest twilioSignatureCheck() {
    verifier.verify(signed);
    return signed;
  }

  @Benchmark
  public WebhookRequest vonageSignatureCheck() {
    vonage.verify(vonageSigned, vonageNow);
    return vonageSigned;
  }

  @Benchmark
  public WebhookRequest plivoSignatureCheck() {
    plivo.verify(plivoSigned);
    return plivoSigned;
  }

  @Benchmark
  public Map<String, List<String>> webhookParse() {
    return WebhookRequest.parseForm(form);
  }
}
