package dev.textback.twilio;

import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.carrier.CarrierContext;
import dev.textback.carrier.CarrierWebhooks;
import dev.textback.carrier.LogText;
import dev.textback.carrier.WebhookCall;
import dev.textback.carrier.WebhookHandler;
import dev.textback.carrier.WebhookPipeline;
import dev.textback.carrier.XmlResponse;
import dev.textback.message.InboundMessage;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import dev.textback.twilio.internal.Twiml;
import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookEndpoint;
import dev.textback.webhook.WebhookResponse;
import dev.textback.webhook.WebhookVerificationException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * <p>Every request runs through core's {@link WebhookPipeline}: body size (413), then the
 * {@code X-Twilio-Signature} (403 when missing or wrong; nothing reaches the engine), then the parameters (400
 * with a reason when unusable). Endpoints never throw. Should the engine fail, the incoming-call and screening
 * routes still answer with TwiML so the caller is not cut off; the routes that decide a call or record a text
 * answer 503, which Twilio retries only when the URL's fragment asks it to ({@code #rc=2&rp=5xx,ct,rt}: on the URLs
 * the adapter hands out, and to add to the console's). What a call's webhooks
 * must share (how its {@code <Dial>} ended) is kept in the engine's store through
 * {@link CarrierContext#pendingCalls()}, so the webhooks of one call may land on different instances.
 * Thread-safe.
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

  /** Larger bodies are refused with 413; Twilio's webhooks are a few kilobytes. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);
  private static final int SCREENING_SECONDS = 5;
  /**
   * Twilio's connection override on the callback URLs the adapter hands out: two more tries on a 5xx, a
   * refused connection or an answer that took too long, so a call whose decision failed in a store outage is asked about again. Twilio leaves
   * fragments out of the signature.
   */
  static final String CALLBACK_RETRY = "#rc=2&rp=5xx,ct,rt";
  /** Pending-call value: how the call's {@code <Dial>} ended, while a voicemail greeting plays. */
  private static final String DIAL_OUTCOME = "dialOutcome";

  private final TwilioConfig config;
  private final CarrierContext engine;
  private final WebhookPipeline pipeline;

  TwilioWebhooks(TwilioConfig config, CarrierContext engine) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.engine = Objects.requireNonNull(engine, "engine == null");
    // A voice route must answer TwiML whatever happens, or the caller hears an application error.
    WebhookResponse hangUp = WebhookResponse.ok(Twiml.CONTENT_TYPE, hangup());
    this.pipeline = WebhookPipeline.builder(TwilioCarrier.ID)
        .displayName("Twilio")
        .verifier(TwilioSignatureVerifier.create(config))
        .clock(engine.clock())
        .maxBodyBytes(MAX_BODY_BYTES)
        .publicBaseUrl(config.publicBaseUrl().orElse(null))
        .publicUrlSetting(TwilioConfig.PUBLIC_BASE_URL)
        .route(VOICE, twiml(this::incomingCall), hangUp)
        // These decide calls: when the store stays down past the engine's budget they answer 503, and Twilio
        // asks again (CALLBACK_RETRY on the URLs handed out; the console's status URL needs it added).
        .route(VOICE_DIAL, twiml(this::dialEnded))
        .route(VOICE_RECORDING, twiml(this::recordingEnded))
        .route(VOICE_STATUS, twiml(this::callStatus))
        .route(VOICE_SCREEN, twiml(this::screen), hangUp)
        .route(SMS, twiml(this::incomingText))
        .route(SMS_STATUS, twiml(this::textStatus))
        .build();
  }

  @Override
  public CarrierId carrier() {
    return TwilioCarrier.ID;
  }

  @Override
  public Map<String, WebhookEndpoint> endpoints() {
    return pipeline.endpoints();
  }

  /**
   * A route answering TwiML, for this account only: a webhook signed with the same auth token for another
   * account (an API key shared across subaccounts, a number moved between them) is refused.
   */
  private WebhookHandler twiml(java.util.function.Function<WebhookCall, String> handler) {
    return call -> {
      Optional<String> account = call.params().get("AccountSid");
      if (account.isPresent() && !account.get().equals(config.accountSid())) {
        throw new WebhookVerificationException("AccountSid " + masked(account.get())
            + " is not the configured account " + masked(config.accountSid()));
      }
      return WebhookResponse.ok(Twiml.CONTENT_TYPE, handler.apply(call));
    };
  }

  /** The first 6 and last 4 characters of an id, enough to tell accounts apart in a log line. */
  private static String masked(String sid) {
    return sid.length() <= 12 ? "…" : sid.substring(0, 6) + "…" + sid.substring(sid.length() - 4);
  }

  // voice

  private String incomingCall(WebhookCall hook) {
    var p = hook.params();
    p.requireId("CallSid");
    PhoneNumber dialled = TwilioPayloadMapper.dialled(p);
    Optional<PhoneNumber> forwardTo = forwardTarget(dialled);
    if (forwardTo.isPresent()) return dial(hook, forwardTo.get());
    // Nothing to ring: the business already missed the call (its carrier forwarded it here) or has no phone.
    if (config.voicemail()) return voicemail(hook, CallOutcome.NO_ANSWER);
    try {
      engine.onCall(TwilioPayloadMapper.call(p, CallOutcome.NO_ANSWER, hook.now()));
    } catch (RuntimeException e) {
      // Hang up all the same: the call's final status callback decides it, as missed, once the store is back.
      log.error("engine failed on Twilio call {}; its final status callback decides it", p.requireId("CallSid"), e);
    }
    return hangup();
  }

  private String dial(WebhookCall hook, PhoneNumber forwardTo) {
    var p = hook.params();
    Map<String, String> number = Twiml.attributes(
        "url", config.callScreening() ? hook.routeUrl(VOICE_SCREEN) : null,
        "method", config.callScreening() ? "POST" : null);
    if (config.answeringMachineDetection()) {
      // The detection result concerns the forwarded leg; carry the original call along to decide it.
      String amdCallback = hook.routeUrl(VOICE_STATUS)
          + "?" + TwilioPayloadMapper.QUERY_CALL + "=" + encode(p.requireId("CallSid"))
          + "&" + TwilioPayloadMapper.QUERY_DIALLED + "=" + encode(TwilioPayloadMapper.dialled(p).e164())
          + "&" + TwilioPayloadMapper.QUERY_CALLER + "=" + encode(p.get("From").orElse("")) + CALLBACK_RETRY;
      number.putAll(Twiml.attributes(
          "machineDetection", "Enable",
          "amdStatusCallback", amdCallback,
          "amdStatusCallbackMethod", "POST"));
    }
    return Twiml.response()
        .start("Dial", Twiml.attributes(
            "action", hook.routeUrl(VOICE_DIAL) + CALLBACK_RETRY,
            "method", "POST",
            "timeout", Long.toString(config.dialTimeout().toSeconds()),
            "answerOnBridge", "true"))
        .text("Number", number, forwardTo.e164())
        .end("Dial")
        .build();
  }

  private String dialEnded(WebhookCall hook) {
    CallOutcome outcome = TwilioPayloadMapper.dialOutcome(hook.params());
    if (outcome != CallOutcome.ANSWERED && config.voicemail()) {
      // Leave the call undecided: the recording decides it, as a voicemail if one is left. Should the caller
      // hang up before the recording starts, the final status decides it, with the outcome kept here (in the
      // store, as that callback may reach another instance). Kept before the greeting is answered: should the
      // store fail, the 503 has Twilio ask again, rather than the call later decided without how the dial ended.
      engine.pendingCalls().remember(hook.params().requireId("CallSid"), Map.of(DIAL_OUTCOME, outcome.name()));
      return voicemail(hook, outcome);
    }
    decide(TwilioPayloadMapper.call(hook.params(), outcome, hook.now()));
    return hangup();
  }

  private String voicemail(WebhookCall hook, CallOutcome missed) {
    XmlResponse twiml = Twiml.response();
    if (!config.voicemailGreeting().isBlank()) twiml.text("Say", Map.of(), config.voicemailGreeting());
    String recording = hook.routeUrl(VOICE_RECORDING) + "?" + TwilioPayloadMapper.QUERY_OUTCOME + "=" + missed.name()
        + CALLBACK_RETRY;
    return twiml.empty("Record", Twiml.attributes(
            "action", recording,
            "method", "POST",
            "maxLength", Long.toString(config.voicemailMaxLength().toSeconds()),
            "playBeep", "true"))
        // Twilio skips the action when nothing was recorded and goes on to the next verb: decide it there.
        .text("Redirect", Twiml.attributes("method", "POST"), recording)
        .build();
  }

  private String recordingEnded(WebhookCall hook) {
    CallOutcome missed = hook.query().get(TwilioPayloadMapper.QUERY_OUTCOME).map(TwilioWebhooks::outcome)
        .orElse(CallOutcome.NO_ANSWER);
    String callSid = hook.params().requireId("CallSid");
    decide(TwilioPayloadMapper.recording(hook.params(), missed, hook.now()));
    forget(callSid);
    return hangup();
  }

  private String callStatus(WebhookCall hook) {
    Optional<CallEvent> event = TwilioPayloadMapper.callStatus(hook.params(), hook.query(),
        d -> forwardTarget(d).isPresent(), hook.now()).map(this::withRememberedDialOutcome);
    if (event.isPresent()) {
      decide(event.get());
      // Only once decided: should deciding fail, Twilio's retry needs the dial's outcome again.
      if (event.get().outcome() != CallOutcome.VOICEMAIL) forget(event.get().callId());
    }
    return Twiml.emptyResponse();
  }

  private String screen(WebhookCall hook) {
    if (hook.params().get("Digits").isPresent()) return Twiml.emptyResponse(); // accepted: connect the caller
    return Twiml.response()
        .start("Gather", Twiml.attributes(
            "numDigits", "1",
            "timeout", Integer.toString(SCREENING_SECONDS),
            "action", hook.routeUrl(VOICE_SCREEN),
            "method", "POST"))
        .text("Say", Map.of(), config.screeningPrompt())
        .end("Gather")
        .empty("Hangup", Map.of())
        .build();
  }

  /**
   * A final status for a call whose {@code <Dial>} ended (busy, rang out…) before a voicemail greeting the
   * caller hung up on: the dial's outcome is what happened, not a hang-up while ringing. Whichever instance
   * saw the {@code <Dial>} end, the outcome is in the store.
   */
  private CallEvent withRememberedDialOutcome(CallEvent event) {
    if (event.outcome() == CallOutcome.VOICEMAIL) return event;
    Optional<CallOutcome> dialled;
    try {
      dialled = Optional.ofNullable(engine.pendingCalls().recall(event.callId()).get(DIAL_OUTCOME))
          .map(TwilioWebhooks::outcome);
    } catch (MalformedWebhookException e) {
      dialled = Optional.empty();
    }
    return dialled.map(o -> event.toBuilder().outcome(o).build()).orElse(event);
  }

  private void forget(String callSid) {
    try {
      engine.pendingCalls().forget(callSid);
    } catch (RuntimeException e) {
      log.warn("forgetting the dial outcome of Twilio call {} failed; it is purged later", callSid, e);
    }
  }

  /**
   * Hands a call to the engine. A failure (the store down past the engine's retry budget) is thrown: the route
   * answers 503 and Twilio asks again, rather than a 200 that leaves the call undecided for good.
   */
  private void decide(CallEvent event) {
    engine.onCall(event);
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

  private String incomingText(WebhookCall hook) {
    Optional<InboundMessage> parsed = TwilioPayloadMapper.inboundMessage(hook.params(), hook.now());
    if (parsed.isEmpty()) {
      // Acknowledged, or Twilio would redeliver it for a day; there is no phone number to answer.
      log.info("Twilio text {} from a sender that is not a phone number (a short code?) ignored",
          LogText.escape(hook.params().get("MessageSid").orElse("?")));
      return Twiml.emptyResponse();
    }
    InboundMessage message = parsed.get();
    Optional<String> reply = engine.onInbound(message).reply().filter(text -> !text.isBlank());
    return reply.map(text -> Twiml.response().text("Message", Map.of(), text).build())
        .orElseGet(Twiml::emptyResponse);
  }

  private String textStatus(WebhookCall hook) {
    TwilioPayloadMapper.deliveryReceipt(hook.params(), hook.now()).ifPresent(engine::onDeliveryReceipt);
    return Twiml.emptyResponse();
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
