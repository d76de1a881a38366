package dev.textback.internal;

import dev.textback.CallDecision;
import dev.textback.business.BusinessNumber;
import dev.textback.business.BusinessProfile;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.phone.CallerId;
import dev.textback.phone.PhoneNumber;
import dev.textback.phone.PhoneNumbers;
import dev.textback.policy.Cooldown;
import dev.textback.policy.Episode;
import dev.textback.policy.QuietHoursCheck;
import dev.textback.policy.QuietHoursMode;
import dev.textback.policy.QuietHoursPolicy;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.reply.Direction;
import dev.textback.rules.CallContext;
import dev.textback.rules.Reason;
import dev.textback.rules.RuleVerdict;
import dev.textback.spi.CallLookup;
import dev.textback.spi.CallRecord;
import dev.textback.spi.CallerInfo;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.StoreTransaction;
import dev.textback.spi.UnreachableNumber;
import dev.textback.template.Situation;
import dev.textback.template.Template;
import dev.textback.template.TemplateValues;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Decides about one call. Rules run first (pure, outside the transaction); everything that decides whether a
 * text exists (dedupe, opt-out, bad-number memory, episode, quiet hours, outbox, conversation) happens in
 * one store transaction: the exactly-once boundary.
 */
public final class CallHandler {
  private static final Logger log = LoggerFactory.getLogger(CallHandler.class);
  private static final DateTimeFormatter CALL_TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.US);
  private static final DateTimeFormatter NEXT_OPEN = DateTimeFormatter.ofPattern("EEEE h:mm a", Locale.US);

  private final EngineContext ctx;

  public CallHandler(EngineContext ctx) {
    this.ctx = ctx;
  }

  /** What a transaction produced: the decision, and what it queued or withdrew (for listeners). */
  private record Outcome(CallDecision decision, @Nullable OutboxEntry queued, List<OutboxEntry> withdrawn) {}

  public CallDecision onCall(CallEvent event) {
    MDC.put("carrier", event.carrier().name());
    MDC.put("callId", event.callId());
    try {
      BusinessProfile business = ctx.businesses().byNumber(event.dialled()).orElse(null);
      CallerId caller = PhoneNumbers.parse(event.caller(), business == null ? "US" : business.defaultRegion());
      RuleVerdict verdict = ctx.rules().evaluate(new CallContext(event, business, caller));
      if (verdict.shouldText() && !ctx.gateways().containsKey(event.carrier().name())) {
        throw new IllegalStateException("no SmsGateway registered for carrier '" + event.carrier()
            + "'; add one with TextBack.builder().gateway(...)");
      }
      CallerInfo info = verdict.shouldText() ? lookup(business, caller.number()) : null;
      Instant now = ctx.clock().instant();
      // The text is worked out before the transaction: it depends on nothing stored, and a store that serialises
      // transactions (the in-memory one) would otherwise hold every other caller while it is rendered.
      Prepared text = verdict.shouldText() ? prepare(event, business, caller.number(), info, now) : null;
      Outcome outcome = ctx.store().inTransaction(tx -> decide(tx, event, business, caller, verdict, text, now));
      CallDecision decision = outcome.decision();
      if (decision.duplicate()) {
        log.debug("call {} delivered again; returning the earlier decision {}", event.callId(), decision.reason());
      } else {
        log.info("call {} from {} to {}: {} ({})", event.callId(), PhoneNumber.mask(event.caller()),
            event.dialled().masked(), decision.reason(), decision.detail());
      }
      ctx.listeners().fire(l -> l.onCallDecided(event, decision));
      for (OutboxEntry w : outcome.withdrawn()) ctx.listeners().fire(l -> l.onWithdrawn(w));
      if (outcome.queued() != null) {
        ctx.listeners().fire(l -> l.onQueued(outcome.queued()));
        ctx.wakeUp().run();
      }
      return decision;
    } finally {
      MDC.remove("carrier");
      MDC.remove("callId");
    }
  }

  private @Nullable CallerInfo lookup(BusinessProfile business, PhoneNumber caller) {
    try {
      return ctx.callerDirectory().lookup(business, caller).orElse(null);
    } catch (RuntimeException e) {
      log.warn("caller directory failed for {}; texting without caller details", caller.masked(), e);
      return null;
    }
  }

  /** The text a new episode would queue, with its due time and the caller's quiet-hours check at that time. */
  private record Prepared(Situation situation, Instant dueAt, QuietHoursCheck check, String body) {}

  private Prepared prepare(CallEvent event, BusinessProfile business, PhoneNumber to, @Nullable CallerInfo info,
      Instant now) {
    Situation situation = situation(event, business);
    Instant dueAt = now.plus(business.sendDelay());
    QuietHoursPolicy quiet = business.quietHours();
    QuietHoursCheck check = quiet.check(to, business.zone(), dueAt);
    if (!check.open() && quiet.mode() == QuietHoursMode.SEND && situation == Situation.OPEN) {
      situation = Situation.AFTER_HOURS;
    }
    return new Prepared(situation, dueAt, check, render(business, event, to, info, situation));
  }

  /**
   * {@code business} is null only for a call the rules skipped (an unknown dialled number); {@code text} is null
   * exactly when the rules skipped the call.
   */
  private Outcome decide(StoreTransaction tx, CallEvent event, @Nullable BusinessProfile business, CallerId caller,
      RuleVerdict verdict, @Nullable Prepared text, Instant now) {
    List<OutboxEntry> withdrawn = new ArrayList<>();
    if (!verdict.shouldText()) {
      Optional<CallRecord> earlier = tx.findCall(event.carrier().name(), event.callId());
      if (earlier.isPresent()) return new Outcome(toDecision(earlier.get(), true), null, List.of());
      if (event.outcome() == CallOutcome.ANSWERED && business != null && caller.isValid()) {
        withdrawn.addAll(withdrawPending(tx, business, caller.number(), now, "caller reached: call answered"));
      }
      return skip(tx, event, business, caller, verdict.reason(), verdict.detail(), now, withdrawn);
    }
    PhoneNumber to = caller.number();
    CallLookup known = tx.lookUpCall(event.carrier().name(), event.callId(),
        EngineContext.optOutKeys(business.id(), event.dialled()), to);
    if (known.call() != null) return new Outcome(toDecision(known.call(), true), null, List.of());
    if (known.optOut() != null) {
      return skip(tx, event, business, caller, Reason.SKIPPED_OPTED_OUT, "caller opted out", now, withdrawn);
    }
    UnreachableNumber unreachable = known.unreachable();
    if (unreachable != null) {
      return skip(tx, event, business, caller, Reason.SKIPPED_UNREACHABLE_NUMBER,
          "earlier send failed: " + unreachable.reason(), now, withdrawn);
    }
    Episode current = tx.lockEpisode(business.id(), to).orElse(null);
    Cooldown.Update episode = Cooldown.onMissedCall(current, business.id(), to, event.callId(),
        event.startedAt(), business.cooldown());
    if (!episode.newEpisode()) {
      tx.saveEpisode(episode.episode());
      return skip(tx, event, business, caller, Reason.SKIPPED_COOLDOWN,
          "call " + episode.episode().calls() + " of the episode opened at " + episode.episode().startedAt(), now,
          withdrawn);
    }
    // The last episode's text may still be held (quiet hours, a send delay, retries) past the cooldown, which runs
    // from its call: a second one now would go out with it. Once sent late, that text restarts the cooldown itself
    // (see Dispatcher). Asked only of callers with an episode before, so a first call costs no extra read.
    if (current != null && !tx.lockPendingTo(business.id(), to, OutboxKind.TEXT_BACK).isEmpty()) {
      return skip(tx, event, business, caller, Reason.SKIPPED_COOLDOWN,
          "the text-back of the episode opened at " + current.startedAt() + " is still waiting to go out", now,
          withdrawn);
    }

    Instant dueAt = text.dueAt();
    Instant expiresAt = null;
    Reason reason = business.sendDelay().isZero() ? Reason.TEXT : Reason.DELAYED;
    CallDecision.Action action = CallDecision.Action.QUEUED;
    String detail = verdict.detail();
    QuietHoursPolicy quiet = business.quietHours();
    QuietHoursCheck check = text.check();
    if (!check.open()) {
      switch (quiet.mode()) {
        case SUPPRESS:
          return skip(tx, event, business, caller, Reason.SKIPPED_QUIET_HOURS,
              "outside " + check.windowStart() + "-" + check.windowEnd() + " in " + check.zones(), now, withdrawn);
        case SEND:
          detail = "outside quiet-hours window; sending anyway as configured";
          break;
        default:
          expiresAt = event.startedAt().plus(quiet.maxDeferral());
          if (check.nextOpening().isAfter(expiresAt)) {
            return skip(tx, event, business, caller, Reason.SKIPPED_QUIET_HOURS,
                "window opens " + check.nextOpening() + ", after the maximum deferral", now, withdrawn);
          }
          dueAt = check.nextOpening();
          reason = Reason.DEFERRED_QUIET_HOURS;
          action = CallDecision.Action.DEFERRED;
          detail = "deferred to " + check.nextOpening() + " (" + check.zones() + ")";
      }
    }
    String body = text.body();
    // A new episode starts a new conversation; the old one closes unless a reply in it still waits for the
    // business, which must stay in the inbox and keep its escalation.
    tx.lockLiveConversation(business.id(), to).filter(old -> !old.needsReply())
        .ifPresent(old -> tx.updateConversation(old.withClosed()));
    // The writes come after the reads: a store that sends consecutive writes together then needs one round trip.
    tx.saveEpisode(episode.episode());
    Conversation conversation = Conversation.builder().id(Ids.newId("cv")).businessId(business.id())
        .businessNumber(event.dialled()).caller(to).carrier(event.carrier().name()).callId(event.callId())
        .openedAt(event.startedAt()).status(ConversationStatus.OPEN).lastActivityAt(event.startedAt()).build();
    OutboxEntry entry = OutboxEntry.builder().id(Ids.newId("ob")).kind(OutboxKind.TEXT_BACK).businessId(business.id())
        .carrier(event.carrier().name()).from(event.dialled()).to(to).body(body).conversationId(conversation.id())
        .callId(event.callId()).calledAt(event.startedAt()).createdAt(now).dueAt(dueAt).expiresAt(expiresAt)
        .status(OutboxStatus.PENDING).build();
    ConversationMessage message = ConversationMessage.builder().id(entry.id()).conversationId(conversation.id())
        .direction(Direction.OUTBOUND).body(body).at(now).automatic(true).build();
    CallRecord record = CallRecord.builder().carrier(event.carrier().name()).callId(event.callId()).businessId(business.id())
        .dialled(event.dialled()).caller(to).outcome(event.outcome()).calledAt(event.startedAt()).decidedAt(now)
        .reason(reason).detail(detail).dueAt(dueAt).outboxId(entry.id()).conversationId(conversation.id()).build();
    tx.insertQueuedText(conversation, entry, message, record);
    return new Outcome(toDecision(record, false), entry, withdrawn);
  }

  private Outcome skip(StoreTransaction tx, CallEvent event, @Nullable BusinessProfile business, CallerId caller,
      Reason reason, String detail, Instant now, List<OutboxEntry> withdrawn) {
    CallRecord record = CallRecord.builder().carrier(event.carrier().name()).callId(event.callId())
        .businessId(business == null ? null : business.id()).dialled(event.dialled()).caller(caller.number())
        .outcome(event.outcome()).calledAt(event.startedAt()).decidedAt(now).reason(reason).detail(detail).build();
    tx.insertCall(record);
    return new Outcome(toDecision(record, false), null, withdrawn);
  }

  /** Withdraws texts not yet sent to a caller the business has reached another way. */
  static List<OutboxEntry> withdrawPending(StoreTransaction tx, BusinessProfile business, PhoneNumber caller,
      Instant now, String why) {
    List<OutboxEntry> withdrawn = new ArrayList<>();
    for (OutboxEntry e : tx.lockPendingTo(business.id(), caller, OutboxKind.TEXT_BACK)) {
      if (e.sentAt() != null || (e.leaseUntil() != null && e.leaseUntil().isAfter(now))) continue;
      OutboxEntry canceled = e.finish(OutboxStatus.CANCELED, why, false);
      tx.updateOutbox(canceled);
      withdrawn.add(canceled);
    }
    return withdrawn;
  }

  private static CallDecision toDecision(CallRecord r, boolean duplicate) {
    CallDecision.Action action = r.reason().isSkip() ? CallDecision.Action.SKIPPED
        : r.reason() == Reason.DEFERRED_QUIET_HOURS ? CallDecision.Action.DEFERRED : CallDecision.Action.QUEUED;
    return new CallDecision(action, r.reason(), r.detail(), r.dueAt(), r.outboxId(), r.conversationId(), duplicate);
  }

  private static Situation situation(CallEvent event, BusinessProfile business) {
    if (event.outcome() == CallOutcome.VOICEMAIL && event.voicemail().messageLeft()) return Situation.VOICEMAIL_LEFT;
    if (event.outcome() == CallOutcome.BUSY) return Situation.BUSY;
    ZonedDateTime local = event.startedAt().atZone(business.zone());
    return business.openingHours().isOpenAt(local) ? Situation.OPEN : Situation.AFTER_HOURS;
  }

  private String render(BusinessProfile business, CallEvent event, PhoneNumber caller, @Nullable CallerInfo info,
      Situation situation) {
    String language = info == null ? null : info.language();
    String region = PhoneNumbers.region(caller).orElse(null);
    List<String> languages = ctx.languages().preferences(language, region, business.defaultLanguage());
    Template template = business.templates().select(situation, languages);
    ZonedDateTime local = event.startedAt().atZone(business.zone());
    String nextOpen = business.openingHours().isOpenAt(local) ? null
        : business.openingHours().nextOpening(local).map(NEXT_OPEN::format).orElse(null);
    var number = business.number(event.dialled());
    TemplateValues values = TemplateValues.builder()
        .put("business", business.displayName())
        .put("business_phone", event.dialled().e164())
        .put("booking_link", business.bookingLink().orElse(null))
        .put("location", number.map(BusinessNumber::location).orElse(null))
        .put("caller_name", info == null ? null : info.name())
        .put("call_time", CALL_TIME.format(local))
        .put("next_open", nextOpen)
        .build();
    return template.render(values);
  }
}
