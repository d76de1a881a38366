package dev.textback.twilio;

import dev.textback.TextBack;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.message.InboundMessage;
import dev.textback.phone.PhoneNumber;
import dev.textback.spi.CarrierWebhooks;
import dev.textback.twilio.internal.Params;
import dev.textback.twilio.internal.Twiml;
import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookEndpoint;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import dev.textback.webhook.WebhookVerificationException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio's voice and SMS webhooks, mounted by a host at {@code /webhooks/twilio/<route>}:
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>route</th><th>Twilio calls it</th><th>what it does</th></tr>
 *   <tr><td>{@code voice}</td><td>"A call comes in" on the number</td>
 *       <td>rings the business phone with {@code <Dial>}; a number that forwards nowhere is always missed</td></tr>
 *   <tr><td>{@code voice/dial}</td><td>the {@code <Dial>} action</td>
 *       <td>decides the call from {@code DialCallStatus}/{@code DialBridged}; offers a voicemail when on</td></tr>
 *   <tr><td>{@code voice/recording}</td><td>the {@code <Record>} action</td><td>decides a voicemail call</td></tr>
 *   <tr><td>{@code voice/status}</td><td>"Call status changes", and answering-machine results</td>
 *       <td>decides calls nothing else decided (caller hung up while ringing; a machine answered)</td></tr>
 *   <tr><td>{@code voice/screen}</td><td>the business phone answering, when screening is on</td>
 *       <td>asks the business to press a key to take the call</td></tr>
 *   <tr><td>{@code sms}</td><td>"A message comes in"</td><td>hands the text to the engine; returns its reply</td></tr>
 *   <tr><td>{@code sms/status}</td><td>each text's status callback</td><td>hands on the delivery receipt</td></tr>
 * </table>
 *
 * <p><b>Which callback decides a call.</b> The engine keeps the first decision per call, so the order
 * matters. The {@code <Dial>} action decides answered calls, and missed calls when voicemail is off. When
 * voicemail is on, a missed call is left undecided there, so that the {@code <Record>} action can decide it
 * as a voicemail (with or without a message). A caller who hangs up before either happens is decided by the
 * incoming call's final status callback. An answering machine detected on the forwarded leg decides the
 * call as a voicemail as soon as it is detected.
 *
 * <p>Every request is checked first: body size, then the {@code X-Twilio-Signature} (403 when missing or
 * wrong; nothing reaches the engine), then the parameters (400 with a reason when unusable). Endpoints never
 * throw; should the engine fail, voice routes still answer with TwiML so the caller is not cut off, and the
 * SMS routes answer 503. Thread-safe.
 */
public final class TwilioWebhooks implements CarrierWebhooks {
  /** Route of the incoming-call webhook. */
  public static final String VOICE = "voice";
  /** Route of the {@code <Dial>} action. */
  public static final String VOICE_DIAL = "voice/dial";
  /** Route of the {@code <Record>} action. */
  public static final String VOICE_RECORDING = "voice/recording";
  /** Route of the voice status callback and answering-machine results. */
  public static final String VOICE_STATUS = "voice/status";
  /** Route of the call-screening prompt played to the business. */
  public static final String VOICE_SCREEN = "voice/screen";
  /** Route of the incoming-message webhook. */
  public static final String SMS = "sms";
  /** Route of the message status callback. */
  public static final String SMS_STATUS = "sms/status";

  /** Larger bodies are refused with 400; Twilio's webhooks are a few kilobytes. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);
  private static final String MOUNT = "/webhooks/" + TwilioPayloadMapper.CARRIER;
  private static final Pattern ORIGIN = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/?#]*).*", Pattern.DOTALL);
  private static final int SCREENING_SECONDS = 5;

  private final TwilioConfig config;
  private final EngineAccess engine;
  private final TwilioSignatureVerifier verifier;
  private final Map<String, WebhookEndpoint> endpoints;
  private final DialOutcomes dialOutcomes = new DialOutcomes(10_000);

  TwilioWebhooks(TwilioConfig config, EngineAccess engine) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.engine = Objects.requireNonNull(engine, "engine == null");
    this.verifier = TwilioSignatureVerifier.create(config);
    Map<String, WebhookEndpoint> m = new LinkedHashMap<>();
    m.put(VOICE, endpoint(VOICE, true, this::incomingCall));
    m.put(VOICE_DIAL, endpoint(VOICE_DIAL, true, this::dialEnded));
    m.put(VOICE_RECORDING, endpoint(VOICE_RECORDING, true, this::recordingEnded));
    m.put(VOICE_STATUS, endpoint(VOICE_STATUS, true, this::callStatus));
    m.put(VOICE_SCREEN, endpoint(VOICE_SCREEN, true, this::screen));
    m.put(SMS, endpoint(SMS, false, this::incomingText));
    m.put(SMS_STATUS, endpoint(SMS_STATUS, false, this::textStatus));
    this.endpoints = Collections.unmodifiableMap(m);
  }

  /** The webhooks of {@code engine}, configured by {@code config}. */
  public static TwilioWebhooks create(TwilioConfig config, TextBack engine) {
    return new TwilioWebhooks(config, EngineAccess.of(engine));
  }

  @Override
  public String carrier() {
    return TwilioPayloadMapper.CARRIER;
  }

  @Override
  public Map<String, WebhookEndpoint> endpoints() {
    return endpoints;
  }

  /**
   * One webhook being handled: Twilio's parameters, the query parameters (where the adapter carries its own
   * context through callback URLs), and the base URL of the adapter's routes.
   */
  private record Hook(Params params, Params query, String base) {
    String url(String route) {
      return base + "/" + route;
    }
  }

  private WebhookEndpoint endpoint(String route, boolean voice, Function<Hook, String> handler) {
    return request -> {
      try {
        if (request.bodyLength() > MAX_BODY_BYTES) {
          return WebhookResponse.badRequest("body larger than " + MAX_BODY_BYTES + " bytes");
        }
        verifier.verify(request);
        Hook hook = new Hook(params(request), query(request), webhookBase(request, route));
        return WebhookResponse.ok(Twiml.CONTENT_TYPE, handler.apply(hook));
      } catch (WebhookVerificationException e) {
        log.warn("Twilio {} webhook rejected: {}", route, e.getMessage());
        return WebhookResponse.forbidden();
      } catch (MalformedWebhookException e) {
        log.warn("Twilio {} webhook refused: {}", route, e.getMessage());
        return WebhookResponse.badRequest(e.getMessage());
      } catch (RuntimeException e) {
        log.error("Twilio {} webhook failed", route, e);
        return voice ? WebhookResponse.ok(Twiml.CONTENT_TYPE, hangup())
            : new WebhookResponse(503, "text/plain; charset=utf-8", "temporarily unavailable\n");
      }
    };
  }

  // voice

  private String incomingCall(Hook hook) {
    Params p = hook.params();
    p.require("CallSid");
    PhoneNumber dialled = TwilioPayloadMapper.dialled(p);
    Optional<PhoneNumber> forwardTo = forwardTarget(dialled);
    if (forwardTo.isPresent()) return dial(hook, forwardTo.get());
    // Nothing to ring: the business already missed the call (its carrier forwarded it here) or has no phone.
    if (config.voicemail()) return voicemail(hook, CallOutcome.NO_ANSWER);
    decide(TwilioPayloadMapper.call(p, CallOutcome.NO_ANSWER, engine.now()));
    return hangup();
  }

  private String dial(Hook hook, PhoneNumber forwardTo) {
    Params p = hook.params();
    Map<String, String> number = Twiml.attributes(
        "url", config.callScreening() ? hook.url(VOICE_SCREEN) : null,
        "method", config.callScreening() ? "POST" : null);
    if (config.answeringMachineDetection()) {
      // The detection result concerns the forwarded leg; carry the original call along to decide it.
      String amdCallback = hook.url(VOICE_STATUS)
          + "?" + TwilioPayloadMapper.QUERY_CALL + "=" + encode(p.require("CallSid"))
          + "&" + TwilioPayloadMapper.QUERY_DIALLED + "=" + encode(TwilioPayloadMapper.dialled(p).e164())
          + "&" + TwilioPayloadMapper.QUERY_CALLER + "=" + encode(p.get("From").orElse(""));
      number.putAll(Twiml.attributes(
          "machineDetection", "Enable",
          "amdStatusCallback", amdCallback,
          "amdStatusCallbackMethod", "POST"));
    }
    return Twiml.response()
        .start("Dial", Twiml.attributes(
            "action", hook.url(VOICE_DIAL),
            "method", "POST",
            "timeout", Long.toString(config.dialTimeout().toSeconds()),
            "answerOnBridge", "true"))
        .text("Number", number, forwardTo.e164())
        .end("Dial")
        .build();
  }

  private String dialEnded(Hook hook) {
    CallOutcome outcome = TwilioPayloadMapper.dialOutcome(hook.params());
    if (outcome != CallOutcome.ANSWERED && config.voicemail()) {
      // Leave the call undecided: the recording decides it, as a voicemail if one is left. Should the caller
      // hang up before the recording starts, the final status decides it, with the outcome remembered here.
      dialOutcomes.remember(hook.params().require("CallSid"), outcome);
      return voicemail(hook, outcome);
    }
    decide(TwilioPayloadMapper.call(hook.params(), outcome, engine.now()));
    return hangup();
  }

  private String voicemail(Hook hook, CallOutcome missed) {
    Twiml twiml = Twiml.response();
    if (!config.voicemailGreeting().isBlank()) twiml.text("Say", Map.of(), config.voicemailGreeting());
    String recording = hook.url(VOICE_RECORDING) + "?" + TwilioPayloadMapper.QUERY_OUTCOME + "=" + missed.name();
    return twiml.empty("Record", Twiml.attributes(
            "action", recording,
            "method", "POST",
            "maxLength", Long.toString(config.voicemailMaxLength().toSeconds()),
            "playBeep", "true"))
        // Twilio skips the action when nothing was recorded and goes on to the next verb: decide it there.
        .text("Redirect", Twiml.attributes("method", "POST"), recording)
        .build();
  }

  private String recordingEnded(Hook hook) {
    CallOutcome missed = hook.query().get(TwilioPayloadMapper.QUERY_OUTCOME).map(TwilioWebhooks::outcome)
        .orElse(CallOutcome.NO_ANSWER);
    dialOutcomes.forget(hook.params().require("CallSid"));
    decide(TwilioPayloadMapper.recording(hook.params(), missed, engine.now()));
    return hangup();
  }

  private String callStatus(Hook hook) {
    TwilioPayloadMapper.callStatus(hook.params(), hook.query(), d -> forwardTarget(d).isPresent(), engine.now())
        .map(this::withRememberedDialOutcome)
        .ifPresent(this::decide);
    return Twiml.emptyResponse();
  }

  private String screen(Hook hook) {
    if (hook.params().get("Digits").isPresent()) return Twiml.emptyResponse(); // accepted: connect the caller
    return Twiml.response()
        .start("Gather", Twiml.attributes(
            "numDigits", "1",
            "timeout", Integer.toString(SCREENING_SECONDS),
            "action", hook.url(VOICE_SCREEN),
            "method", "POST"))
        .text("Say", Map.of(), config.screeningPrompt())
        .end("Gather")
        .empty("Hangup", Map.of())
        .build();
  }

  /**
   * A final status for a call whose {@code <Dial>} this instance saw end (busy, rang out…) before a voicemail
   * greeting the caller hung up on: the dial's outcome is what happened, not a hang-up while ringing.
   */
  private CallEvent withRememberedDialOutcome(CallEvent event) {
    if (event.outcome() == CallOutcome.VOICEMAIL) return event;
    return dialOutcomes.take(event.callId()).map(o -> event.toBuilder().outcome(o).build()).orElse(event);
  }

  /** Hands a call to the engine; a failure there must not cut the caller off, so it is logged, not thrown. */
  private void decide(CallEvent event) {
    try {
      engine.onCall(event);
    } catch (RuntimeException e) {
      log.error("engine failed on Twilio call {}; the call was not decided", event.callId(), e);
    }
  }

  private Optional<PhoneNumber> forwardTarget(PhoneNumber dialled) {
    try {
      return engine.forwardTarget(dialled);
    } catch (RuntimeException e) {
      log.error("looking up the business of {} failed; treating the call as missed", dialled.masked(), e);
      return Optional.empty();
    }
  }

  // messaging

  private String incomingText(Hook hook) {
    InboundMessage message = TwilioPayloadMapper.inboundMessage(hook.params(), engine.now());
    Optional<String> reply = engine.onInbound(message).reply().filter(text -> !text.isBlank());
    return reply.map(text -> Twiml.response().text("Message", Map.of(), text).build())
        .orElseGet(Twiml::emptyResponse);
  }

  private String textStatus(Hook hook) {
    TwilioPayloadMapper.deliveryReceipt(hook.params(), engine.now()).ifPresent(engine::onDeliveryReceipt);
    return Twiml.emptyResponse();
  }

  // request plumbing

  private static Params params(WebhookRequest request) {
    if (!request.method().equals("POST")) return query(request);
    String type = request.contentType();
    if (!type.isEmpty() && !type.equals("application/x-www-form-urlencoded")) {
      throw new MalformedWebhookException("expected an application/x-www-form-urlencoded body, got " + type);
    }
    return Params.of(request.formParameters());
  }

  private static Params query(WebhookRequest request) {
    String url = request.publicUrl();
    int q = url.indexOf('?');
    if (q < 0) return Params.empty();
    int hash = url.indexOf('#', q);
    return Params.of(WebhookRequest.parseForm(hash < 0 ? url.substring(q + 1) : url.substring(q + 1, hash)));
  }

  /**
   * Where the adapter's routes live, for callback URLs in TwiML: under the configured public base URL, or
   * else wherever this request arrived, found by removing the route from its path.
   */
  private String webhookBase(WebhookRequest request, String route) {
    Optional<String> configured = config.publicWebhookBase();
    if (configured.isPresent()) return configured.get();
    String url = request.publicUrl().replaceFirst("[?#].*$", "");
    if (url.endsWith("/" + route)) return url.substring(0, url.length() - route.length() - 1);
    Matcher origin = ORIGIN.matcher(url);
    return (origin.matches() ? origin.group(1) : "") + MOUNT;
  }

  private static CallOutcome outcome(String name) {
    try {
      return CallOutcome.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new MalformedWebhookException("unknown outcome " + name);
    }
  }

  private static String hangup() {
    return Twiml.response().empty("Hangup", Map.of()).build();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
