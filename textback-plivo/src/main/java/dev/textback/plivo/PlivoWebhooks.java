package dev.textback.plivo;

import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.carrier.CarrierContext;
import dev.textback.carrier.CarrierWebhooks;
import dev.textback.carrier.LogText;
import dev.textback.carrier.WebhookCall;
import dev.textback.carrier.WebhookHandler;
import dev.textback.carrier.WebhookParams;
import dev.textback.carrier.WebhookPipeline;
import dev.textback.carrier.XmlResponse;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.InboundMessage;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import dev.textback.plivo.internal.PlivoXml;
import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookEndpoint;
import dev.textback.webhook.WebhookResponse;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plivo's voice and SMS callbacks, mounted by a host at {@code /webhooks/plivo/<route>}:
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>route</th><th>Plivo calls it</th><th>what it does</th></tr>
 *   <tr><td>{@code answer}</td><td>the application's Answer URL</td>
 *       <td>rings the business phone with {@code <Dial>}; a number that forwards nowhere is always missed, and
 *       is refused as busy without being answered (or goes to voicemail when that is on)</td></tr>
 *   <tr><td>{@code dial}</td><td>the {@code <Dial>} {@code action}, and its {@code callbackUrl} events</td>
 *       <td>decides the call from {@code DialStatus}/{@code DialBLegUUID}; notes the business picking up; offers
 *       a voicemail when on</td></tr>
 *   <tr><td>{@code hangup}</td><td>the application's Hangup URL</td>
 *       <td>the final word: decides calls nothing decided before, missed unless the business was seen to answer</td></tr>
 *   <tr><td>{@code record}</td><td>the {@code <Record>} action</td><td>decides a voicemail call</td></tr>
 *   <tr><td>{@code screen}</td><td>the {@code <Dial>} {@code confirmSound}, when screening is on</td>
 *       <td>asks the business to press 1 to take the call</td></tr>
 *   <tr><td>{@code sms}</td><td>the application's Message URL</td><td>hands a text (SMS or MMS) to the engine;
 *       returns its reply; acknowledges other types (WhatsApp) without handing them on</td></tr>
 *   <tr><td>{@code sms/status}</td><td>each text's {@code url} (delivery reports)</td>
 *       <td>hands on the delivery receipt, dropping reports older than one already seen</td></tr>
 * </table>
 *
 * <p><b>Which callback decides a call.</b> The engine keeps the first decision per call (the caller's
 * {@code CallUUID}), so the order matters. The {@code <Dial>} action decides answered calls, and missed calls
 * when voicemail is off: {@code DialStatus} {@code no-answer}, {@code busy}, {@code timeout} or {@code failed},
 * or an empty {@code DialBLegUUID}. When voicemail is on, a missed call is left undecided there, so the
 * {@code <Record>} action can decide it as a voicemail. Plivo reports every incoming call's hangup as
 * {@code completed}, so the hangup callback cannot tell a miss by itself: it decides a call nothing else decided
 * with the dial's outcome when the {@code <Dial>} ended unanswered (this outweighs any pick-up seen before),
 * as answered when the business was seen to pick up (an answer event, or with screening only the event saying
 * the leg was connected after the confirm key; or an answered {@code <Dial>}), as hung up while ringing when the
 * number forwards somewhere, and as missed when it forwards nowhere. That state is kept in the engine's store
 * through {@link CarrierContext#pendingCalls()}, so the callbacks of one call may land on different instances.
 * Plivo has no answering-machine detection on an incoming call's forwarded leg; turn on
 * {@link PlivoConfig#callScreening()} so a phone's own voicemail does not count as the business answering.
 *
 * <p>Texts: Plivo retries its Message URL for 24 hours until it gets a 200, so the same {@code MessageUUID} may
 * arrive again; the engine handles it once and answers a repeat the same way. Delivery reports carry a
 * {@code Sequence}: one lower than a report already seen for that message is dropped (each sequence is kept
 * under its own name, so concurrent reports on several instances never lower what was seen).
 *
 * <p>Every request runs through core's {@link WebhookPipeline}: body size (413), then the signature (403 when
 * missing or wrong; nothing reaches the engine), then the parameters (400 with a reason when unusable). The voice
 * routes ({@code answer}, {@code dial}, {@code hangup}, {@code record}, {@code screen}) always require
 * {@code X-Plivo-Signature-V3}, which covers the parameters; {@code X-Plivo-Signature-V2} signs only the URL and
 * nonce, so it is accepted on {@code sms} and {@code sms/status} alone, and only when
 * {@link PlivoConfig#acceptSignatureV2()} is on. Should
 * the engine fail, the answer route still answers with XML so the caller is not cut off, and the other routes
 * answer 503 so Plivo asks again. Thread-safe.
 */
public final class PlivoWebhooks implements CarrierWebhooks {
  /** Route of the application's Answer URL. */
  public static final String ANSWER = "answer";
  /** Route of the {@code <Dial>} action and its callback events. */
  public static final String DIAL = "dial";
  /** Route of the application's Hangup URL. */
  public static final String HANGUP = "hangup";
  /** Route of the {@code <Record>} action. */
  public static final String RECORD = "record";
  /** Route of the call-screening prompt played to the business. */
  public static final String SCREEN = "screen";
  /** Route of the application's Message URL. */
  public static final String SMS = "sms";
  /** Route of the delivery reports of texts sent. */
  public static final String SMS_STATUS = "sms/status";

  /** Larger bodies are refused with 413; Plivo's callbacks are a few kilobytes. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(PlivoWebhooks.class);
  /** Pending-call value: the business's phone picked up. */
  private static final String ANSWERED = "answered";
  /** Pending-call value: how the call's {@code <Dial>} ended when nobody took it. */
  private static final String DIAL_OUTCOME = "dialOutcome";
  /** Pending state of a text (not a call): one name per {@code Sequence} of its reports seen. */
  private static final String SEQUENCE_PREFIX = "sequence.";
  private static final String MESSAGE_KEY_PREFIX = "message:";
  private static final int SCREENING_SECONDS = 10;

  private final PlivoConfig config;
  private final CarrierContext engine;
  private final Map<String, WebhookEndpoint> endpoints;

  PlivoWebhooks(PlivoConfig config, CarrierContext engine) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.engine = Objects.requireNonNull(engine, "engine == null");
    // The answer URL must return XML whatever happens, or the caller hears an application error; refused as busy
    // there, so the call is not answered (nor billed), and the hangup callback decides it once the store is back.
    WebhookResponse refuse = WebhookResponse.ok(PlivoXml.CONTENT_TYPE, refuseAsBusy());
    WebhookResponse hangUp = WebhookResponse.ok(PlivoXml.CONTENT_TYPE, hangup());
    // Voice callbacks are signed with V3 (over the URL and every parameter) and are held to it: a V2 header pair
    // signs only the URL and nonce, so one seen once would let anyone post any body to a route that sends texts.
    WebhookPipeline voice = pipeline(config, new PlivoSignatureVerifier(config.authToken(),
            config.publicBaseUrl().orElse(null), false))
        .route(ANSWER, xml(this::answer), refuse)
        // These decide calls: when the store stays down past the engine's budget they answer 503 and Plivo asks
        // again, rather than a 200 that leaves the call undecided for good.
        .route(DIAL, xml(this::dialEnded))
        .route(HANGUP, xml(this::hangupCallback))
        .route(RECORD, xml(this::recordEnded))
        .route(SCREEN, xml(this::screen), hangUp)
        .build();
    // Messaging callbacks may carry V2 only (Plivo's messaging docs describe V2): accepted there when turned on.
    WebhookPipeline messaging = pipeline(config, PlivoSignatureVerifier.create(config))
        .route(SMS, xml(this::incomingText))
        .route(SMS_STATUS, xml(this::textStatus))
        .build();
    Map<String, WebhookEndpoint> all = new LinkedHashMap<>(voice.endpoints());
    all.putAll(messaging.endpoints());
    this.endpoints = Collections.unmodifiableMap(all);
  }

  private WebhookPipeline.Builder pipeline(PlivoConfig config, PlivoSignatureVerifier verifier) {
    return WebhookPipeline.builder(PlivoCarrier.ID)
        .displayName("Plivo")
        .verifier(verifier)
        .clock(engine.clock())
        .maxBodyBytes(MAX_BODY_BYTES)
        .publicBaseUrl(config.publicBaseUrl().orElse(null))
        .publicUrlSetting(PlivoConfig.PUBLIC_BASE_URL);
  }

  @Override
  public CarrierId carrier() {
    return PlivoCarrier.ID;
  }

  @Override
  public Map<String, WebhookEndpoint> endpoints() {
    return endpoints;
  }

  private static WebhookHandler xml(Function<WebhookCall, String> handler) {
    return call -> WebhookResponse.ok(PlivoXml.CONTENT_TYPE, handler.apply(call));
  }

  // voice

  private String answer(WebhookCall hook) {
    WebhookParams p = hook.params();
    String callId = p.requireId("CallUUID");
    PhoneNumber dialled = PlivoPayloadMapper.dialled(p);
    Optional<PhoneNumber> forwardTo = forwardTarget(dialled);
    if (forwardTo.isPresent()) return dialBusiness(hook, forwardTo.get());
    // Nothing to ring: the business already missed the call (its carrier forwarded it here) or has no phone.
    if (config.voicemail()) return voicemail(hook, CallOutcome.NO_ANSWER);
    try {
      engine.onCall(PlivoPayloadMapper.call(p, callId, CallOutcome.NO_ANSWER, hook.now()));
    } catch (RuntimeException e) {
      // Refuse it all the same: the hangup callback decides the call, as missed, once the store is back.
      log.error("engine failed on Plivo call {}; its hangup callback decides it", callId, e);
    }
    // Decided (and the text queued) above, so the call need not be answered: a busy refusal does not answer it,
    // where a bare <Hangup/> would answer and bill it. The caller hears busy, which is what happened: the
    // business could not take the call (in a forwarding-only setup its carrier forwarded it here unanswered).
    return refuseAsBusy();
  }

  private String dialBusiness(WebhookCall hook, PhoneNumber forwardTo) {
    String dialUrl = hook.routeUrl(DIAL);
    boolean screening = config.callScreening();
    return PlivoXml.response()
        .start("Dial", PlivoXml.attributes(
            "action", dialUrl,
            "method", "POST",
            "redirect", "true",
            "timeout", Long.toString(config.dialTimeout().toSeconds()),
            "callbackUrl", dialUrl,
            "callbackMethod", "POST",
            "confirmSound", screening ? hook.routeUrl(SCREEN) : null,
            "confirmKey", screening ? PlivoConfig.SCREENING_KEY : null))
        .text("Number", Map.of(), PlivoPayloadMapper.plivoNumber(forwardTo))
        .end("Dial")
        .build();
  }

  private String dialEnded(WebhookCall hook) {
    WebhookParams p = hook.params();
    String callId = PlivoPayloadMapper.callerLeg(p);
    if (p.get("DialStatus").isEmpty() && PlivoPayloadMapper.dialEvent(p)) {
      // A callbackUrl event about the business's leg, not the end of the dial. With screening, a pick-up may be
      // the phone's own voicemail, which never presses the key: only the bridge to the caller counts then.
      boolean answered = config.callScreening() ? PlivoPayloadMapper.bLegConnected(p)
          : PlivoPayloadMapper.bLegAnswered(p);
      if (answered) remember(callId, Map.of(ANSWERED, "true"));
      return PlivoXml.emptyResponse();
    }
    CallOutcome outcome = PlivoPayloadMapper.dialOutcome(p);
    if (outcome == CallOutcome.ANSWERED) {
      // Kept for the hangup callback, should this decision fail and Plivo not ask again.
      remember(callId, Map.of(ANSWERED, "true"));
    } else {
      // The dial's own word outweighs a pick-up event seen before it (a voicemail that answered the leg and
      // hung up): the hangup callback reads this first. With voicemail on, the call is left undecided here:
      // the recording decides it, as a voicemail if one is left, or the hangup callback with this outcome
      // should the caller hang up before it starts.
      remember(callId, Map.of(DIAL_OUTCOME, outcome.name(), ANSWERED, "false"));
      if (config.voicemail()) return voicemail(hook, outcome);
    }
    engine.onCall(PlivoPayloadMapper.call(p, callId, outcome, hook.now()));
    return hangup();
  }

  private String voicemail(WebhookCall hook, CallOutcome missed) {
    XmlResponse xml = PlivoXml.response();
    if (!config.voicemailGreeting().isBlank()) xml.text("Speak", Map.of(), config.voicemailGreeting());
    String recording = hook.routeUrl(RECORD) + "?" + PlivoPayloadMapper.QUERY_OUTCOME + "=" + missed.name();
    return xml.empty("Record", PlivoXml.attributes(
            "action", recording,
            "method", "POST",
            "redirect", "true",
            "maxLength", Long.toString(config.voicemailMaxLength().toSeconds()),
            "finishOnKey", "#",
            "playBeep", "true"))
        // Should Plivo go on without calling the action (nothing recorded), decide the call there all the same.
        .text("Redirect", PlivoXml.attributes("method", "POST"), recording)
        .build();
  }

  private String recordEnded(WebhookCall hook) {
    CallOutcome missed = hook.query().get(PlivoPayloadMapper.QUERY_OUTCOME).map(PlivoWebhooks::outcome)
        .orElse(CallOutcome.NO_ANSWER);
    CallEvent event = PlivoPayloadMapper.recording(hook.params(), missed, hook.now());
    engine.onCall(event);
    forget(event.callId());
    return hangup();
  }

  private String hangupCallback(WebhookCall hook) {
    WebhookParams p = hook.params();
    String callId = p.requireId("CallUUID");
    if (PlivoPayloadMapper.outbound(p)) return PlivoXml.emptyResponse(); // a call this account placed
    Map<String, String> remembered = engine.pendingCalls().recall(callId);
    CallOutcome outcome;
    if (remembered.containsKey(DIAL_OUTCOME)) {
      // A dial that ended unanswered: whatever picked up the business's leg before, nobody took the call.
      outcome = outcome(remembered.get(DIAL_OUTCOME));
    } else if ("true".equals(remembered.get(ANSWERED))) {
      outcome = CallOutcome.ANSWERED;
    } else {
      // Nobody picked up. With a phone to ring, the caller hung up while it rang (a dial that ended first
      // decided the call already, and this is a repeat); without one, the business had missed it already.
      outcome = forwardTarget(PlivoPayloadMapper.dialled(p)).isPresent() ? CallOutcome.CANCELED
          : CallOutcome.NO_ANSWER;
    }
    engine.onCall(PlivoPayloadMapper.hangup(p, outcome, hook.now()));
    // Only once decided: should deciding fail, Plivo's retry needs what was kept.
    if (!remembered.isEmpty()) forget(callId);
    return PlivoXml.emptyResponse();
  }

  private String screen(WebhookCall hook) {
    // Played to the business's phone when it picks up; Plivo bridges the call once the confirm key is pressed.
    return PlivoXml.response()
        .text("Speak", Map.of(), config.screeningPrompt())
        .empty("Wait", PlivoXml.attributes("length", Integer.toString(SCREENING_SECONDS)))
        .build();
  }

  /**
   * Keeps what a callback said for the ones after it. A failure propagates: the callback is answered 503 and Plivo
   * asks again, rather than a later callback deciding the call without it (a busy dial decided as canceled).
   */
  private void remember(String callId, Map<String, String> values) {
    engine.pendingCalls().remember(callId, values);
  }

  private void forget(String callId) {
    try {
      engine.pendingCalls().forget(callId);
    } catch (RuntimeException e) {
      log.warn("forgetting the state of Plivo call {} failed; it is purged later", callId, e);
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

  private String incomingText(WebhookCall hook) {
    WebhookParams p = hook.params();
    String type = PlivoPayloadMapper.messageType(p);
    if (!PlivoPayloadMapper.isText(type)) {
      // A WhatsApp (or other channel's) message to the number: the engine answers by SMS, the wrong channel for
      // this sender. Acknowledged, or Plivo would redeliver it for a day.
      log.info("Plivo message {} of type {} ignored: only sms and mms are handled",
          LogText.escape(p.get("MessageUUID").orElse("?")), LogText.escape(type));
      return PlivoXml.emptyResponse();
    }
    Optional<InboundMessage> parsed = PlivoPayloadMapper.inboundMessage(p, hook.now());
    if (parsed.isEmpty()) {
      // Acknowledged, or Plivo would redeliver it for a day; there is no phone number to answer.
      log.info("Plivo text {} from a sender that is not a phone number ({}) ignored",
          p.get("MessageUUID").orElse("?"), LogText.escape(PhoneNumber.mask(p.get("From").orElse(""))));
      return PlivoXml.emptyResponse();
    }
    InboundMessage message = parsed.get();
    Optional<String> reply = engine.onInbound(message).reply().filter(text -> !text.isBlank());
    if (reply.isEmpty()) return PlivoXml.emptyResponse();
    // Only <Message> may answer a Message URL: from the number texted, to the sender; a text reply to a picture
    // message too (same number, same channel; MMS is for media, and the reply has none).
    return PlivoXml.response()
        .text("Message", PlivoXml.attributes(
            "src", PlivoPayloadMapper.plivoNumber(message.to()),
            "dst", PlivoPayloadMapper.plivoNumber(message.from()),
            "type", "sms",
            "callbackUrl", config.smsStatusCallbackUrl().orElse(null),
            "callbackMethod", config.smsStatusCallbackUrl().isPresent() ? "POST" : null), reply.get())
        .build();
  }

  private String textStatus(WebhookCall hook) {
    WebhookParams p = hook.params();
    Optional<DeliveryReceipt> receipt = PlivoPayloadMapper.deliveryReceipt(p, hook.now());
    if (receipt.isEmpty()) return PlivoXml.emptyResponse();
    String messageId = receipt.get().messageId();
    Optional<Long> sequence = PlivoPayloadMapper.sequence(p);
    if (sequence.isPresent()) {
      long newest = recordSequence(MESSAGE_KEY_PREFIX + messageId, sequence.get());
      if (newest > sequence.get()) {
        log.debug("Plivo report {} on text {} is older than report {} already seen; dropped", sequence.get(),
            messageId, newest);
        return PlivoXml.emptyResponse();
      }
    }
    if (receipt.get().errorCode() != null && PlivoErrorClassifier.NO_CREDIT.equals(receipt.get().errorCode())) {
      log.error("Plivo reports text {} failed: the account is out of credit; top it up", messageId);
    }
    engine.onDeliveryReceipt(receipt.get());
    return PlivoXml.emptyResponse();
  }

  /**
   * Records that report {@code sequence} of a text arrived, and returns the highest sequence recorded for it so
   * far. Each report is written first, under a name of its own: the store merges names in one transaction, so
   * reports handled at once on several instances never overwrite one another (the set only grows, and its
   * highest member never goes down), and whichever of two reads second sees both. Two reports can still both
   * pass when each reads before the other writes; the engine applies receipts monotonically (a delivery or a
   * failure is never undone), so their order does no harm. A store failure propagates: 503, Plivo asks again.
   */
  private long recordSequence(String key, long sequence) {
    engine.pendingCalls().remember(key, Map.of(SEQUENCE_PREFIX + sequence, "1"));
    long newest = sequence;
    for (String name : engine.pendingCalls().recall(key).keySet()) {
      if (!name.startsWith(SEQUENCE_PREFIX)) continue;
      try {
        newest = Math.max(newest, Long.parseLong(name.substring(SEQUENCE_PREFIX.length())));
      } catch (NumberFormatException e) {
        // not one of ours
      }
    }
    return newest;
  }

  private static CallOutcome outcome(String name) {
    try {
      return CallOutcome.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new MalformedWebhookException("unknown outcome " + name);
    }
  }

  private static String hangup() {
    return PlivoXml.response().empty("Hangup", Map.of()).build();
  }

  /** Ends a call that was never answered without answering it (Plivo XML {@code <Hangup reason="busy"/>}). */
  private static String refuseAsBusy() {
    return PlivoXml.response().empty("Hangup", PlivoXml.attributes("reason", "busy")).build();
  }
}
