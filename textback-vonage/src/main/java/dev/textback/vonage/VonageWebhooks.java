package dev.textback.vonage;

import dev.textback.InboundResult;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.carrier.CarrierContext;
import dev.textback.carrier.CarrierWebhooks;
import dev.textback.carrier.LogText;
import dev.textback.carrier.WebhookCall;
import dev.textback.carrier.WebhookHandler;
import dev.textback.carrier.WebhookParams;
import dev.textback.carrier.WebhookPipeline;
import dev.textback.message.InboundMessage;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import dev.textback.vonage.internal.Ncco;
import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookEndpoint;
import dev.textback.webhook.WebhookResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vonage's webhooks, mounted by a host at {@code /webhooks/vonage/<route>}:
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>route</th><th>Vonage calls it</th><th>what it does</th></tr>
 *   <tr><td>{@code answer}</td><td>the application's Answer URL (GET, or POST)</td>
 *       <td>answers an NCCO that {@code connect}s the caller to the business phone, synchronously, with this
 *       adapter's {@code event} route as the leg's event URL; a number that forwards nowhere is always missed</td></tr>
 *   <tr><td>{@code event}</td><td>the application's Event URL and the {@code connect} leg's event URL</td>
 *       <td>decides the call from the forwarded leg's end ({@code unanswered}, {@code busy}, {@code timeout},
 *       {@code rejected}, {@code failed}, {@code cancelled}, {@code answered}, {@code human}/{@code machine}),
 *       or from the caller's leg ending first; offers a voicemail when on; takes the {@code record} event</td></tr>
 *   <tr><td>{@code inbound}</td><td>the Messages API Inbound URL</td><td>hands the text to the engine</td></tr>
 *   <tr><td>{@code status}</td><td>the Messages API Status URL</td><td>hands on the delivery receipt</td></tr>
 *   <tr><td>{@code sms/inbound}</td><td>the SMS API inbound webhook (legacy)</td>
 *       <td>reassembles multi-part texts, hands them to the engine</td></tr>
 *   <tr><td>{@code sms/dlr}</td><td>the SMS API delivery receipt webhook (legacy)</td>
 *       <td>hands on the delivery receipt ({@code err-code} 9 = opted out)</td></tr>
 * </table>
 *
 * <p><b>Which leg is whose.</b> The forwarded leg's events carry the business number and the business phone,
 * not the caller. The {@code answer} webhook therefore remembers, under the call's {@code conversation_uuid}
 * (which every leg's events carry), who called, which number and which leg was the caller's, in the engine's
 * store through {@link CarrierContext#pendingCalls()}: the events of one call may land on any instance, in any
 * order. The engine keeps the first decision per {@code conversation_uuid}, so a redelivered event changes
 * nothing.
 *
 * <p>The first four routes check Vonage's signed-webhook JWT, the {@code sms/…} routes the SMS API's {@code sig}
 * ({@link VonageSignatureVerifier}), both through core's {@link WebhookPipeline}: body size (413), signature
 * (403; nothing reaches the engine), payload (400 with a reason). Should the engine fail, the route answers 503
 * so Vonage asks again. Thread-safe.
 */
public final class VonageWebhooks implements CarrierWebhooks {
  /** Route of the application's Answer URL. */
  public static final String ANSWER = "answer";
  /** Route of the application's Event URL, also the forwarded leg's and the recording's event URL. */
  public static final String EVENT = "event";
  /** Route of the Messages API Inbound URL. */
  public static final String INBOUND = "inbound";
  /** Route of the Messages API Status URL. */
  public static final String STATUS = "status";
  /** Route of the SMS API's inbound-message webhook. */
  public static final String SMS_INBOUND = "sms/inbound";
  /** Route of the SMS API's delivery-receipt webhook. */
  public static final String SMS_DLR = "sms/dlr";

  /** Larger bodies are refused with 413; Vonage's webhooks are a few kilobytes. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(VonageWebhooks.class);
  /** States of the caller's leg after which nothing more happens on the call. */
  private static final Set<String> CALLER_LEG_ENDS =
      Set.of("completed", "cancelled", "failed", "rejected", "unanswered", "busy", "timeout");
  /** Parts of one multi-part text at most; anything claiming more is taken part by part. */
  private static final int MAX_PARTS = 20;
  /**
   * How long the parts of one multi-part text wait for the rest: Vonage delivers the parts within seconds, and
   * a concat-ref (one byte on the wire) comes round again, so older parts belong to another message.
   */
  static final java.time.Duration PARTS_MAX_AGE = java.time.Duration.ofHours(1);
  /** What each kept part of a multi-part text holds: its text, its message id, when it came. */
  private static final String PART_TEXT = "text";
  private static final String PART_ID = "id";
  private static final String PART_AT = "at";

  // Pending-call values, under the conversation_uuid.
  private static final String CALLER = "caller";
  private static final String DIALLED = "dialled";
  private static final String CALLER_LEG = "leg";
  private static final String MISSED = "missed";
  private static final String ANSWERED = "answered";
  /** Set when the voicemail's recording starts: from then on only the {@code record} event decides the call. */
  private static final String RECORDING = "recording";
  /** The {@code notify} payload field that marks the start of a voicemail recording. */
  private static final String NOTIFY_MARK = "textback";
  private static final String NOTIFY_VOICEMAIL = "voicemail";

  private static final WebhookResponse NOTHING = new WebhookResponse(204, "text/plain; charset=utf-8", "");
  private static final WebhookResponse OK = new WebhookResponse(200, "text/plain; charset=utf-8", "");
  /**
   * The event route's answer when it has no NCCO to give. A synchronous {@code connect}'s events may replace
   * the NCCO with what comes back, and what Vonage does with an empty body or {@code []} there is undocumented;
   * {@code [{}]} is what Vonage's own sample for synchronous connect events answers for every state it does not
   * act on, so it is the answer known to work. Notifications ignore the answer.
   */
  static final WebhookResponse EVENT_DONE = WebhookResponse.ok(Ncco.CONTENT_TYPE, "[{}]");
  /** Vonage fetches an Answer URL again after a 503 (and after 429 and 504, not after other errors). */
  private static final WebhookResponse ANSWER_AGAIN =
      new WebhookResponse(503, "text/plain; charset=utf-8", "temporarily unavailable\n");

  private final VonageConfig config;
  private final CarrierContext engine;
  private final Map<String, WebhookEndpoint> endpoints;
  /** Kinds of immediate reply already warned about: once each is enough to tell the operator. */
  private final Set<InboundResult.Action> unsentReplyKinds = java.util.concurrent.ConcurrentHashMap.newKeySet();

  VonageWebhooks(VonageConfig config, CarrierContext engine) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.engine = Objects.requireNonNull(engine, "engine == null");
    // The answer route must answer an NCCO whatever happens, or Vonage drops the caller.
    WebhookResponse endCall = WebhookResponse.ok(Ncco.CONTENT_TYPE, Ncco.actions().build());
    WebhookPipeline signed = pipeline(VonageSignatureVerifier.signedWebhooks(config))
        .route(ANSWER, this::answer, endCall)
        .route(EVENT, this::event)
        .route(INBOUND, this::inbound)
        .route(STATUS, this::status)
        .build();
    WebhookPipeline smsApi = pipeline(VonageSignatureVerifier.smsApi(config))
        .route(SMS_INBOUND, this::smsInbound)
        .route(SMS_DLR, this::smsReceipt)
        .build();
    Map<String, WebhookEndpoint> all = new LinkedHashMap<>(signed.endpoints());
    all.putAll(smsApi.endpoints());
    this.endpoints = Collections.unmodifiableMap(all);
  }

  private WebhookPipeline.Builder pipeline(VonageSignatureVerifier verifier) {
    return WebhookPipeline.builder(VonageCarrier.ID)
        .displayName("Vonage")
        .verifier(verifier)
        .clock(engine.clock())
        .maxBodyBytes(MAX_BODY_BYTES)
        .publicBaseUrl(config.publicBaseUrl().orElse(null))
        .publicUrlSetting(VonageConfig.PUBLIC_BASE_URL);
  }

  @Override
  public CarrierId carrier() {
    return VonageCarrier.ID;
  }

  @Override
  public Map<String, WebhookEndpoint> endpoints() {
    return endpoints;
  }

  // ---- voice ----

  private WebhookResponse answer(WebhookCall hook) {
    WebhookParams p = VonagePayloadMapper.params(hook);
    String conversation = VonagePayloadMapper.conversation(p);
    String leg = p.requireId("uuid");
    PhoneNumber dialled = VonagePayloadMapper.dialled(p);
    String caller = p.get("from").orElse("");
    Optional<PhoneNumber> forwardTo = forwardTarget(dialled);
    Map<String, String> call = Map.of(CALLER, caller, DIALLED, dialled.e164(), CALLER_LEG, leg);
    if (forwardTo.isPresent()) {
      if (!rememberAtAnswer(conversation, call)) return ANSWER_AGAIN;
      return ncco(Ncco.actions().connect(digits(dialled), digits(forwardTo.get()), config.dialTimeout().toSeconds(),
          hook.routeUrl(EVENT), config.answeringMachineDetection()));
    }
    // Nothing to ring: the business already missed the call (its carrier forwarded it here) or has no phone.
    if (config.voicemail()) {
      Map<String, String> missed = new LinkedHashMap<>(call);
      missed.put(MISSED, CallOutcome.NO_ANSWER.name());
      if (!rememberAtAnswer(conversation, missed)) return ANSWER_AGAIN;
      return voicemail(hook, conversation);
    }
    try {
      engine.onCall(VonagePayloadMapper.call(p, conversation, dialled, caller, hook.now())
          .outcome(CallOutcome.NO_ANSWER).build());
    } catch (RuntimeException e) {
      // End the call all the same: the caller's leg ending decides it, as missed, once the store is back.
      log.error("engine failed on Vonage call {}; the end of the caller's leg decides it", conversation, e);
    }
    return ncco(Ncco.actions());
  }

  private WebhookResponse event(WebhookCall hook) {
    WebhookParams p = VonagePayloadMapper.params(hook);
    if (p.get("recording_url").isPresent()) return recording(hook, p);
    if (p.get(NOTIFY_MARK).or(() -> p.get("payload." + NOTIFY_MARK)).filter(NOTIFY_VOICEMAIL::equals).isPresent()) {
      return recordingStarts(hook, p);
    }
    Optional<String> status = p.get("status");
    Optional<String> conversation = p.get("conversation_uuid");
    if (status.isEmpty() || conversation.isEmpty()) return EVENT_DONE; // transfer, input, error events
    String conv = WebhookParams.checkId("conversation_uuid", conversation.get());
    Map<String, String> pending = engine.pendingCalls().recall(conv);
    Optional<String> leg = p.get("uuid").or(() -> p.get("call_uuid"));
    boolean callersLeg = pending.containsKey(CALLER_LEG)
        ? leg.map(l -> l.equals(pending.get(CALLER_LEG))).orElse(false)
        : p.get("direction").map("inbound"::equals).orElse(false);
    if (callersLeg) {
      if (CALLER_LEG_ENDS.contains(status.get())) callerHungUp(hook, p, conv, pending);
      return EVENT_DONE;
    }
    if (!pending.containsKey(CALLER)) {
      log.info("Vonage {} event of a forwarded leg in conversation {} nobody is waiting for; ignored",
          LogText.escape(status.get()), conv);
      return EVENT_DONE;
    }
    return forwardedLeg(hook, p, conv, status.get(), pending);
  }

  /** An event of the leg that rang the business phone. */
  private WebhookResponse forwardedLeg(WebhookCall hook, WebhookParams p, String conv, String status,
      Map<String, String> pending) {
    switch (status) {
      case "answered" -> {
        if (config.answeringMachineDetection()) {
          // Wait for the human/machine verdict; should it never come, the leg's end decides.
          remember(conv, Map.of(ANSWERED, "true"));
        } else {
          decide(conv, p, pending, CallOutcome.ANSWERED, hook);
        }
        return EVENT_DONE;
      }
      case "human" -> {
        decide(conv, p, pending, CallOutcome.ANSWERED, hook);
        return EVENT_DONE;
      }
      case "machine" -> {
        // The business phone's own voicemail took the call: the caller may leave a message there.
        decide(conv, p, pending, CallOutcome.VOICEMAIL, hook);
        return EVENT_DONE;
      }
      case "completed" -> {
        if (pending.containsKey(ANSWERED)) decide(conv, p, pending, CallOutcome.ANSWERED, hook);
        return EVENT_DONE;
      }
      default -> {
        Optional<CallOutcome> missed = VonagePayloadMapper.missedOutcome(status);
        if (missed.isEmpty()) return EVENT_DONE; // started, ringing…
        if (config.voicemail()) {
          // Leave the call undecided: the recording decides it, as a voicemail if one is left; should the
          // caller hang up first, the end of their leg decides it with this outcome (kept in the store).
          remember(conv, Map.of(MISSED, missed.get().name()));
          return voicemail(hook, conv);
        }
        decide(conv, p, pending, missed.get(), hook);
        return EVENT_DONE; // nothing after connect: the call ends
      }
    }
  }

  /** The caller's leg ended: decides a call nothing else decided (a hang-up while it rang, say). */
  private void callerHungUp(WebhookCall hook, WebhookParams p, String conv, Map<String, String> pending) {
    // The recording had started: its record event (sent also when the caller hangs up while recording, and
    // possibly after this one) decides, as a voicemail if anything was said.
    if (pending.containsKey(RECORDING)) return;
    if (!pending.containsKey(CALLER)) {
      PhoneNumber dialled = VonagePayloadMapper.dialled(p);
      // Decided at the answer already, unless the store failed then: a number that forwards nowhere is missed.
      if (forwardTarget(dialled).isEmpty()) {
        engine.onCall(VonagePayloadMapper.call(p, conv, dialled, p.get("from").orElse(""), hook.now())
            .outcome(CallOutcome.NO_ANSWER).build());
      }
      return;
    }
    CallOutcome outcome = pending.containsKey(MISSED) ? outcome(pending.get(MISSED))
        : pending.containsKey(ANSWERED) ? CallOutcome.ANSWERED : CallOutcome.CANCELED;
    decide(conv, p, pending, outcome, hook);
  }

  private WebhookResponse recording(WebhookCall hook, WebhookParams p) {
    String conv = VonagePayloadMapper.conversation(p);
    Map<String, String> pending = engine.pendingCalls().recall(conv);
    if (!pending.containsKey(CALLER)) {
      log.info("Vonage recording in conversation {} nobody is waiting for; ignored", conv);
      return EVENT_DONE;
    }
    CallOutcome missed = pending.containsKey(MISSED) ? outcome(pending.get(MISSED)) : CallOutcome.NO_ANSWER;
    engine.onCall(VonagePayloadMapper.recording(p, conv, dialledOf(pending), pending.get(CALLER), missed, hook.now()));
    forget(conv);
    return EVENT_DONE;
  }

  /**
   * The greeting, then a {@code notify} back to the event route, whose answer ({@link #recordingStarts}) is the
   * {@code record} action. So the store knows exactly when recording starts: a caller who hangs up during the
   * greeting leaves no recording and their leg's end decides the call; once recording started, only the
   * {@code record} event does, whichever of the two Vonage delivers first.
   */
  private WebhookResponse voicemail(WebhookCall hook, String conv) {
    Ncco ncco = Ncco.actions();
    if (!config.voicemailGreeting().isBlank()) ncco.talk(config.voicemailGreeting());
    Map<String, String> payload = new LinkedHashMap<>();
    payload.put(NOTIFY_MARK, NOTIFY_VOICEMAIL);
    payload.put("conversation_uuid", conv);
    return ncco(ncco.notify(payload, hook.routeUrl(EVENT)));
  }

  /** The greeting ended: remembers that recording starts, and answers the {@code record} action. */
  private WebhookResponse recordingStarts(WebhookCall hook, WebhookParams p) {
    String conv = p.get("conversation_uuid").or(() -> p.get("payload.conversation_uuid"))
        .map(c -> WebhookParams.checkId("conversation_uuid", c))
        .orElseThrow(() -> new MalformedWebhookException("the voicemail notify has no conversation_uuid"));
    if (!engine.pendingCalls().recall(conv).containsKey(CALLER)) {
      log.info("Vonage voicemail in conversation {} nobody is waiting for; ending the call", conv);
      return ncco(Ncco.actions());
    }
    remember(conv, Map.of(RECORDING, "true"));
    return ncco(Ncco.actions().record(config.voicemailMaxLength().toSeconds(), hook.routeUrl(EVENT)));
  }

  /**
   * Hands a call to the engine, then forgets it. A failure (the store down past the engine's retry budget) is
   * thrown: the route answers 503 and Vonage asks again, with what was remembered still there.
   */
  private void decide(String conv, WebhookParams p, Map<String, String> pending, CallOutcome outcome,
      WebhookCall hook) {
    CallEvent event = VonagePayloadMapper.call(p, conv, dialledOf(pending), pending.get(CALLER), hook.now())
        .outcome(outcome).build();
    engine.onCall(event);
    forget(conv);
  }

  private static PhoneNumber dialledOf(Map<String, String> pending) {
    try {
      return PhoneNumber.of(pending.getOrDefault(DIALLED, ""));
    } catch (IllegalArgumentException e) {
      throw new MalformedWebhookException("the remembered call has no dialled number");
    }
  }

  /**
   * Remembers a call at its answer. Should the store fail, the answer is a 503: Vonage fetches the Answer URL
   * once more on a 503 (then its fallback answer URL), where an NCCO without the call remembered would connect
   * the caller but leave the forwarded leg's events unmatched, and the missed call without a text.
   *
   * @return whether the call is remembered
   */
  private boolean rememberAtAnswer(String conv, Map<String, String> values) {
    try {
      remember(conv, values);
      return true;
    } catch (RuntimeException e) {
      log.error("keeping Vonage call {} failed; answering 503 so Vonage asks for the NCCO again", conv, e);
      return false;
    }
  }

  private void remember(String conv, Map<String, String> values) {
    engine.pendingCalls().remember(conv, values);
  }

  private void forget(String key) {
    try {
      engine.pendingCalls().forget(key);
    } catch (RuntimeException e) {
      log.warn("forgetting Vonage call {} failed; it is purged later", key, e);
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

  // ---- messages ----

  private WebhookResponse inbound(WebhookCall hook) {
    WebhookParams p = VonagePayloadMapper.params(hook);
    Optional<InboundMessage> message = VonagePayloadMapper.inboundMessage(p, hook.now());
    if (message.isEmpty()) {
      // Acknowledged, or Vonage would redeliver it for a day; there is no phone number to answer.
      log.info("Vonage message {} on another channel or from a sender that is not a phone number; ignored",
          LogText.escape(p.get("message_uuid").orElse("?")));
      return OK;
    }
    handOver(message.get());
    return OK;
  }

  private WebhookResponse status(WebhookCall hook) {
    WebhookParams p = VonagePayloadMapper.params(hook);
    VonagePayloadMapper.messageStatus(p, hook.now()).ifPresent(engine::onDeliveryReceipt);
    return OK;
  }

  private WebhookResponse smsInbound(WebhookCall hook) {
    WebhookParams p = VonagePayloadMapper.params(hook);
    String messageId = p.requireId("messageId");
    Optional<PhoneNumber> from = VonagePayloadMapper.smsSender(p);
    if (from.isEmpty()) {
      log.info("Vonage SMS {} from a sender that is not a phone number; ignored", messageId);
      return NOTHING;
    }
    String text = p.get("text").orElse("");
    List<String> partKeys = List.of();
    if (p.get("concat").map("true"::equalsIgnoreCase).orElse(false)) {
      Optional<Assembled> whole = assemble(p, messageId, from.get(), text, hook.now());
      if (whole.isEmpty()) return NOTHING; // more parts to come
      messageId = whole.get().messageId();
      text = whole.get().text();
      partKeys = whole.get().partKeys();
    }
    handOver(VonagePayloadMapper.smsInbound(p, messageId, from.get(), text, hook.now()));
    // Only once the engine has the text: should it fail, the 503 brings the last part again, and the parts
    // kept here make the whole text again.
    partKeys.forEach(this::forget);
    return NOTHING;
  }

  /** A whole text, and where its parts are kept (none for a text that came in one piece). */
  private record Assembled(String messageId, String text, List<String> partKeys) {}

  /**
   * Keeps one part of a multi-part text in the store until every part is there (any instance may receive any
   * part), then the whole text, under the first part's message id so a redelivery is recognised. Each part is kept
   * under a key of its own (per sender, number, concat-ref, part count and part), with when it came, so a long text
   * in a script of several bytes a letter fits the store's bound on each kept value. A part older than
   * {@link #PARTS_MAX_AGE} is of an earlier message that reused the ref, and is dropped with a warning.
   */
  private Optional<Assembled> assemble(WebhookParams p, String messageId, PhoneNumber from, String text,
      java.time.Instant now) {
    int total = p.integer("concat-total").orElse(1);
    int part = p.integer("concat-part").orElse(1);
    String ref = p.require("concat-ref");
    if (total < 2 || total > MAX_PARTS || part < 1 || part > total) {
      return Optional.of(new Assembled(messageId, text, List.of()));
    }
    String key = "sms-parts:" + sha256(from.e164() + "|" + p.require("to") + "|" + ref + "|" + total);
    List<String> keys = new ArrayList<>(total);
    for (int i = 1; i <= total; i++) keys.add(key + "#" + i);
    Map<String, String> values = new LinkedHashMap<>();
    values.put(PART_TEXT, text);
    values.put(PART_ID, messageId);
    values.put(PART_AT, Long.toString(now.getEpochSecond()));
    remember(keys.get(part - 1), values);
    StringBuilder whole = new StringBuilder();
    String firstId = null;
    for (int i = 1; i <= total; i++) {
      Map<String, String> kept = i == part ? values : engine.pendingCalls().recall(keys.get(i - 1));
      if (!kept.isEmpty() && isStale(kept, now)) {
        log.warn("Vonage dropped part {} of a {}-part text from {} (concat-ref {}): it came over {} ago", i, total,
            from.masked(), LogText.escape(ref), PARTS_MAX_AGE);
        forget(keys.get(i - 1));
        kept = Map.of();
      }
      String piece = kept.get(PART_TEXT);
      if (piece == null) return Optional.empty();
      whole.append(piece);
      if (i == 1) firstId = kept.get(PART_ID);
    }
    return Optional.of(new Assembled(firstId, whole.toString(), keys));
  }

  private static boolean isStale(Map<String, String> kept, java.time.Instant now) {
    try {
      long at = Long.parseLong(kept.getOrDefault(PART_AT, ""));
      return now.getEpochSecond() - at > PARTS_MAX_AGE.toSeconds();
    } catch (NumberFormatException e) {
      return true; // kept without a time: not ours to trust
    }
  }

  private WebhookResponse smsReceipt(WebhookCall hook) {
    WebhookParams p = VonagePayloadMapper.params(hook);
    VonagePayloadMapper.smsReceipt(p, hook.now()).ifPresent(engine::onDeliveryReceipt);
    return NOTHING;
  }

  /**
   * Hands a text to the engine. Vonage's webhooks cannot answer with a text, so an immediate reply the engine
   * chose (a HELP answer, a STOP confirmation) is not sent from here: said at WARN once per kind of reply, so
   * an operator learns it (and can turn on Vonage's Opt-Out Assist, which answers STOP and HELP itself) without
   * a line per text. Neither the number nor the reply is logged.
   */
  private void handOver(InboundMessage message) {
    InboundResult result = engine.onInbound(message);
    if (result.reply().filter(r -> !r.isBlank()).isPresent() && unsentReplyKinds.add(result.action())) {
      log.warn("Vonage webhooks cannot answer with a text: the engine's immediate reply to a {} text is not sent"
          + " (turn on Vonage Opt-Out Assist to answer STOP and HELP); said once per kind", result.action());
    }
  }

  // ---- helpers ----

  private static WebhookResponse ncco(Ncco ncco) {
    return WebhookResponse.ok(Ncco.CONTENT_TYPE, ncco.build());
  }

  private static String digits(PhoneNumber number) {
    return number.e164().substring(1);
  }

  private static CallOutcome outcome(String name) {
    try {
      return CallOutcome.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new MalformedWebhookException("unknown outcome " + name);
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
