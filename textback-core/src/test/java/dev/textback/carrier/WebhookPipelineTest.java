package dev.textback.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.phone.CarrierId;
import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import dev.textback.webhook.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one way every carrier's webhooks answer: 413, 403, 400, the route's failure response, or the handler's. */
class WebhookPipelineTest {
  private static final CarrierId ACME = CarrierId.of("acme");
  private static final Instant NOW = Instant.parse("2026-03-10T15:00:00Z");
  private static final String URL = "https://hooks.example.com/webhooks/acme/voice";

  private final List<WebhookCall> handled = new ArrayList<>();
  private final List<Instant> verifiedAt = new ArrayList<>();

  /** Accepts requests whose X-Sig header is "good"; records when it was asked. */
  private final WebhookVerifier verifier = (request, now) -> {
    verifiedAt.add(now);
    String sig = request.header("X-Sig").orElse("");
    if (sig.equals("unreadable")) throw new MalformedWebhookException("signature header is not base64");
    if (!sig.equals("good")) throw new WebhookVerificationException("X-Sig does not match", URL);
  };

  private WebhookPipeline.Builder pipeline() {
    return WebhookPipeline.builder(ACME).displayName("Acme").verifier(verifier)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).maxBodyBytes(100);
  }

  private static WebhookRequest post(String url, String sig, String body) {
    return WebhookRequest.formPost(url, sig == null ? Map.of() : Map.of("X-Sig", List.of(sig)), body);
  }

  private WebhookHandler recording(WebhookResponse answer) {
    return call -> {
      handled.add(call);
      call.params(); // a handler reads its parameters; malformed ones surface here
      return answer;
    };
  }

  @Test
  void answers_what_the_handler_returns_for_a_verified_request_and_tells_it_the_engine_time() {
    WebhookResponse ok = WebhookResponse.ok("application/xml", "<Response/>");
    var hooks = pipeline().route("voice", recording(ok)).build();

    WebhookResponse response = hooks.endpoints().get("voice").handle(post(URL, "good", "CallId=1"));

    assertThat(response).isEqualTo(ok);
    assertThat(handled).singleElement().satisfies(call -> {
      assertThat(call.now()).isEqualTo(NOW);
      assertThat(call.params().require("CallId")).isEqualTo("1");
      assertThat(call.route()).isEqualTo("voice");
    });
    assertThat(verifiedAt).containsExactly(NOW);
  }

  @Test
  void refuses_a_missing_or_wrong_signature_with_403_and_never_calls_the_handler() {
    var hooks = pipeline().route("voice", recording(WebhookResponse.ok("text/plain", ""))).build();

    assertThat(hooks.endpoints().get("voice").handle(post(URL, null, "a=1")).status()).isEqualTo(403);
    assertThat(hooks.endpoints().get("voice").handle(post(URL, "forged", "a=1")).status()).isEqualTo(403);
    assertThat(handled).isEmpty();
  }

  @Test
  void refuses_a_body_over_the_limit_with_413_before_checking_anything() {
    var hooks = pipeline().route("voice", recording(WebhookResponse.ok("text/plain", ""))).build();

    WebhookResponse response = hooks.endpoints().get("voice").handle(post(URL, "good", "a=" + "x".repeat(99)));

    assertThat(response.status()).isEqualTo(413);
    assertThat(verifiedAt).isEmpty();
    assertThat(handled).isEmpty();
  }

  @Test
  void answers_400_with_the_reason_for_a_request_too_broken_to_check_or_to_read() {
    var hooks = pipeline().route("voice", recording(WebhookResponse.ok("text/plain", ""))).build();

    WebhookResponse unreadableSignature = hooks.endpoints().get("voice").handle(post(URL, "unreadable", "a=1"));
    WebhookResponse brokenForm = hooks.endpoints().get("voice").handle(post(URL, "good", "a=%zz"));
    WebhookResponse json = hooks.endpoints().get("voice").handle(WebhookRequest.of("POST", URL,
        Map.of("X-Sig", List.of("good"), "Content-Type", List.of("application/json")),
        "{}".getBytes(StandardCharsets.UTF_8)));

    assertThat(unreadableSignature.status()).isEqualTo(400);
    assertThat(unreadableSignature.body()).contains("not base64");
    assertThat(brokenForm.status()).isEqualTo(400);
    assertThat(json.status()).isEqualTo(400);
    assertThat(json.body()).contains("application/json");
  }

  @Test
  void escapes_control_characters_of_a_reason_taken_from_the_request() {
    var hooks = pipeline().route("voice", call -> {
      throw new MalformedWebhookException("unknown status " + call.params().require("Status"));
    }).build();

    WebhookResponse response = hooks.endpoints().get("voice").handle(post(URL, "good", "Status=x%0D%0AFAKE+LINE"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("unknown status x\\r\\nFAKE LINE\n");
  }

  @Test
  void answers_503_when_the_engine_fails_so_the_carrier_redelivers() {
    var hooks = pipeline().route("sms", call -> {
      throw new IllegalStateException("database is down");
    }).build();

    WebhookResponse response = hooks.endpoints().get("sms").handle(post(URL, "good", "a=1"));

    assertThat(response.status()).isEqualTo(503);
  }

  @Test
  void answers_a_routes_own_failure_body_where_the_carrier_needs_one() {
    WebhookResponse hangUp = WebhookResponse.ok("application/xml", "<Response><Hangup/></Response>");
    var hooks = pipeline().route("voice", call -> {
      throw new IllegalStateException("database is down");
    }, hangUp).build();

    assertThat(hooks.endpoints().get("voice").handle(post(URL, "good", "a=1"))).isEqualTo(hangUp);
  }

  @Test
  void answers_403_to_a_verified_request_that_belongs_to_someone_else() {
    var hooks = pipeline().route("voice", call -> {
      throw new WebhookVerificationException("AccountId is not this account's");
    }).build();

    assertThat(hooks.endpoints().get("voice").handle(post(URL, "good", "a=1")).status()).isEqualTo(403);
  }

  @Test
  void mounts_every_route_under_the_carriers_path() {
    var hooks = pipeline()
        .route("voice", recording(WebhookResponse.ok("text/plain", "")))
        .route("sms/status", recording(WebhookResponse.ok("text/plain", "")))
        .build();

    assertThat(hooks.carrier()).isEqualTo(ACME);
    assertThat(hooks.mountPath()).isEqualTo("/webhooks/acme");
    assertThat(hooks.byPath()).containsOnlyKeys("/webhooks/acme/voice", "/webhooks/acme/sms/status");
  }

  @Test
  void builds_callback_urls_under_the_configured_public_base_or_where_the_request_arrived() {
    List<String> urls = new ArrayList<>();
    WebhookHandler handler = call -> {
      urls.add(call.routeUrl("voice/dial"));
      return WebhookResponse.ok("text/plain", "");
    };
    var configured = pipeline().publicBaseUrl("https://public.example.com/crm/").route("voice", handler).build();
    var derived = pipeline().route("voice", handler).build();

    configured.endpoints().get("voice").handle(post("http://10.0.0.7:8080/webhooks/acme/voice", "good", ""));
    derived.endpoints().get("voice").handle(post("https://tunnel.example.net/x/webhooks/acme/voice?q=1", "good", ""));

    assertThat(urls).containsExactly("https://public.example.com/crm/webhooks/acme/voice/dial",
        "https://tunnel.example.net/x/webhooks/acme/voice/dial");
  }

  @Test
  void reads_the_query_up_to_the_fragment_and_never_from_it() {
    // Found by WebhookPipelineProperties: "…/voice#%zz?x=%" has no query; the '?' belongs to the fragment.
    List<Map<String, List<String>>> queries = new ArrayList<>();
    var hooks = pipeline().route("voice", call -> {
      queries.add(call.query().asMap());
      return WebhookResponse.ok("text/plain", "");
    }).build();

    WebhookResponse inFragment = hooks.endpoints().get("voice").handle(post(URL + "#%zz?x=%", "good", "Id=1"));
    hooks.endpoints().get("voice").handle(post(URL + "?outcome=BUSY#top?x=1", "good", "Id=1"));

    assertThat(inFragment.status()).isEqualTo(200);
    assertThat(queries).containsExactly(Map.of(), Map.of("outcome", List.of("BUSY")));
  }

  @Test
  void refuses_a_second_route_of_the_same_name() {
    WebhookHandler h = recording(WebhookResponse.ok("text/plain", ""));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> pipeline().route("voice", h).route("voice", h))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("voice");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> pipeline().route("/voice", h))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void explains_a_refusal_behind_a_proxy_with_the_url_checked_and_the_setting_to_fix() {
    WebhookPipeline hooks = pipeline().publicUrlSetting("ACME_PUBLIC_BASE_URL")
        .route("voice", recording(WebhookResponse.ok("text/plain", ""))).build();
    WebhookRequest viaTunnel = WebhookRequest.formPost("http://10.0.0.7:8080/webhooks/acme/voice?From=%2B1201",
        Map.of("Host", List.of("10.0.0.7:8080"), "X-Forwarded-Host", List.of("abc.tunnel.example"),
            "X-Forwarded-Proto", List.of("https")), "a=1");

    String why = hooks.refusal(viaTunnel,
        new WebhookVerificationException("X-Sig does not match", "http://10.0.0.7:8080/webhooks/acme/voice?From=%2B1201"));

    assertThat(why).isEqualTo("X-Sig does not match; signature checked against http://10.0.0.7:8080/webhooks/acme/voice?…;"
        + " the request came in for https://abc.tunnel.example (Host / X-Forwarded-* headers): if Acme calls"
        + " https://abc.tunnel.example, set ACME_PUBLIC_BASE_URL to it");
  }

  @Test
  void gives_no_proxy_hint_when_the_address_matches() {
    WebhookPipeline hooks = pipeline().publicUrlSetting("ACME_PUBLIC_BASE_URL")
        .route("voice", recording(WebhookResponse.ok("text/plain", ""))).build();
    WebhookRequest direct = WebhookRequest.formPost(URL, Map.of("Host", List.of("hooks.example.com:443"),
        "X-Forwarded-Proto", List.of("https")), "a=1");

    assertThat(hooks.refusal(direct, new WebhookVerificationException("missing X-Sig", URL)))
        .isEqualTo("missing X-Sig; signature checked against " + URL);
  }

  @Test
  void answers_503_when_the_signature_check_itself_fails_so_the_carrier_asks_again() {
    WebhookPipeline hooks = WebhookPipeline.builder(ACME).verifier((request, now) -> {
      throw new IllegalStateException("nonce store unreachable");
    }).clock(Clock.fixed(NOW, ZoneOffset.UTC)).route("voice", recording(WebhookResponse.ok("text/plain", ""))).build();

    assertThat(hooks.endpoints().get("voice").handle(post(URL, "good", "a=1")).status()).isEqualTo(503);
    assertThat(handled).isEmpty();
  }

  @Test
  void never_logs_credentials_or_the_query_of_the_url_it_checked() {
    WebhookPipeline hooks = pipeline().route("voice", recording(WebhookResponse.ok("text/plain", ""))).build();

    String why = hooks.refusal(post(URL, null, "a=1"), new WebhookVerificationException("X-Sig does not match",
        "https://ops:hunter2@hooks.example.com/webhooks/acme/voice?From=%2B12015550123"));

    assertThat(why).doesNotContain("hunter2").doesNotContain("ops:").doesNotContain("2015550123")
        .contains("https://…@hooks.example.com/webhooks/acme/voice?…");
  }
}
