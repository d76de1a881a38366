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
import dev.textback.twilio.TwilioSignatureVerifier;
import dev.textback.webhook.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
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
 * segments, the rules and the quiet-hours decision, Twilio's signature check, and parsing a Twilio status callback.
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
  public Map<String, List<String>> webhookParse() {
    return WebhookRequest.parseForm(form);
  }
}
