package dev.textback.internal;

import dev.textback.InboundResult;
import dev.textback.business.BusinessProfile;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.InboundMessage;
import dev.textback.message.PermanentFailureReason;
import dev.textback.phone.PhoneNumber;
import dev.textback.policy.KeywordIntent;
import dev.textback.policy.KeywordMatch;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.reply.Direction;
import dev.textback.spi.OptOutRecord;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.StoreTransaction;
import dev.textback.spi.UnreachableNumber;
import dev.textback.template.MessageTemplates;
import dev.textback.template.TemplateValues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Inbound texts, delivery receipts and the business's own actions on conversations. Opt-out, opt-in and help
 * are settled inside the store transaction before anything is routed. A reply to route is written to the outbox
 * in that same transaction ({@link OutboxKind#ROUTE_REPLY}), so a crash after the commit cannot lose it; the
 * routing dispatcher hands it to the router on the routing executor.
 */
public final class InboundHandler {
  private static final Logger log = LoggerFactory.getLogger(InboundHandler.class);
  private static final List<OutboxKind> CALLER_FACING =
      List.of(OutboxKind.TEXT_BACK, OutboxKind.REPLY, OutboxKind.AUTO_REPLY);

  private final EngineContext ctx;
  private final Runnable routeSoon;
  private final DeliveryReceipts receipts;

  /** @param routeSoon asks for routing work to start soon (called after a reply to route was committed) */
  public InboundHandler(EngineContext ctx, Runnable routeSoon) {
    this.ctx = ctx;
    this.routeSoon = routeSoon;
    this.receipts = new DeliveryReceipts(ctx);
  }

  private record Result(InboundResult result, @Nullable Conversation routed, @Nullable ConversationMessage message,
      List<OutboxEntry> withdrawn) {}

  public InboundResult onInbound(InboundMessage msg) {
    MDC.put("carrier", msg.carrier().name());
    try {
      Optional<BusinessProfile> found = ctx.businesses().byNumber(msg.to());
      if (found.isEmpty()) {
        log.warn("inbound {} to {}: no business owns that number", msg.messageId(), msg.to().masked());
        InboundResult r = new InboundResult(InboundResult.Action.UNKNOWN_BUSINESS, null, null);
        ctx.listeners().fire(l -> l.onInbound(msg, r));
        return r;
      }
      BusinessProfile business = found.get();
      Instant now = ctx.clock().instant();
      Result result = ctx.store().inTransaction(tx -> handleOnce(tx, business, msg, now));
      InboundResult r = result.result();
      if (r.conversationId() != null) MDC.put("conversationId", r.conversationId());
      log.info("inbound {} from {}: {}", msg.messageId(), msg.from().masked(), r.action());
      for (OutboxEntry w : result.withdrawn()) ctx.listeners().fire(l -> l.onWithdrawn(w));
      ctx.listeners().fire(l -> l.onInbound(msg, r));
      if (result.routed() != null && ctx.router() != null) routeSoon.run();
      return r;
    } finally {
      MDC.remove("carrier");
      MDC.remove("conversationId");
    }
  }

  /**
   * Handles a text the first time its id is seen and keeps its immediate reply with the id; a redelivery gets that
   * reply again, since the carrier acts only on the answer to the delivery it got an answer for.
   */
  private Result handleOnce(StoreTransaction tx, BusinessProfile business, InboundMessage msg, Instant now) {
    String carrier = msg.carrier().name();
    if (!tx.insertInboundIfNew(carrier, msg.messageId(), now)) {
      String earlier = tx.findInboundReply(carrier, msg.messageId()).orElse(null);
      return new Result(new InboundResult(InboundResult.Action.DUPLICATE, earlier, null), null, null, List.of());
    }
    Result result = handle(tx, business, msg, now);
    String reply = result.result().immediateReply();
    if (reply != null) tx.saveInboundReply(carrier, msg.messageId(), reply);
    return result;
  }

  private Result handle(StoreTransaction tx, BusinessProfile business, InboundMessage msg, Instant now) {
    // Serialises everything about this caller of this business with calls being decided: the same key row
    // lock, so two engines never open two conversations for one caller.
    tx.lockEpisode(business.id(), msg.from());
    List<String> keys = EngineContext.optOutKeys(business.id(), msg.to());
    boolean optedOut = tx.findOptOut(keys, msg.from()).isPresent();
    KeywordMatch match = classify(msg, optedOut);

    Conversation conversation = tx.lockLiveConversation(business.id(), msg.from()).orElse(null);
    if (conversation == null) {
      // The caller wrote first (or long after the conversation closed): start one so the business sees it.
      conversation = Conversation.builder().id(Ids.newId("cv")).businessId(business.id()).businessNumber(msg.to())
          .caller(msg.from()).carrier(msg.carrier().name()).openedAt(msg.receivedAt()).status(ConversationStatus.OPEN)
          .lastActivityAt(msg.receivedAt()).build();
      tx.insertConversation(conversation);
    }
    ConversationMessage in = ConversationMessage.builder().id(Ids.newId("msg")).conversationId(conversation.id())
        .direction(Direction.INBOUND).body(msg.body()).at(now).carrierMessageId(msg.messageId())
        .mediaUrls(msg.mediaUrls()).build();
    tx.insertMessage(in);

    switch (match.intent()) {
      case OPT_OUT: {
        String scopeKey = business.optOutScope().key(business.id(), msg.to());
        tx.saveOptOut(new OptOutRecord(scopeKey, msg.from(), now,
            (match.phrase() ? "phrase:" : "keyword:") + match.keyword()));
        List<OutboxEntry> withdrawn = withdrawAll(tx, business, msg.from(), scopeKey, "caller opted out", now);
        tx.updateConversation(conversation.withWaitingCleared(now));
        String confirmation = null;
        // One confirmation at most: none when the carrier sent its own, or for a second STOP from a caller already
        // opted out.
        if (msg.carrierOptOut() == null && !optedOut && business.optOutConfirmation().isPresent()) {
          // The one confirmation the rules allow is never held back by the hourly cap.
          confirmation = automaticReply(tx, conversation, msg, business, business.optOutConfirmation().get(), now,
              false);
        }
        if (match.phrase()) {
          log.warn("inbound {}: opt-out phrase '{}' honoured; worth a human look", msg.messageId(), match.keyword());
        }
        return new Result(new InboundResult(InboundResult.Action.OPTED_OUT, confirmation, conversation.id()), null,
            null, withdrawn);
      }
      case OPT_IN:
        tx.deleteOptOuts(keys, msg.from());
        tx.updateConversation(conversation.withAutomaticMessage(now));
        return new Result(new InboundResult(InboundResult.Action.OPTED_IN, null, conversation.id()), null, null,
            List.of());
      case HELP: {
        tx.updateConversation(conversation.withAutomaticMessage(now));
        // A carrier that answered HELP itself (Twilio's Advanced Opt-Out says so) has sent the caller one reply.
        String help = "HELP".equalsIgnoreCase(msg.carrierOptOut()) ? null
            : automaticReply(tx, conversation, msg, business, business.helpText(), now, true);
        return new Result(new InboundResult(InboundResult.Action.HELP, help, conversation.id()), null, null,
            List.of());
      }
      default: {
        // The owner's phone answering the business number (a reply to a forward, an "I'm driving" auto-reply) is
        // no caller waiting: it neither waits in the inbox nor escalates. It is still routed, for the CRM to see;
        // the owner-SMS routers leave it alone, or each forward would be answered and forwarded again.
        boolean fromOwner = business.ownerPhone().filter(msg.from()::equals).isPresent();
        Conversation updated = fromOwner ? conversation.withAutomaticMessage(now)
            : conversation.withCallerReply(now, now.plus(business.escalateAfter()));
        tx.updateConversation(updated);
        if (ctx.writesRouteReplies()) tx.insertOutbox(RoutingWork.routeReply(updated, in, now));
        return new Result(new InboundResult(InboundResult.Action.ROUTED, null, updated.id()), updated, in,
            List.of());
      }
    }
  }

  private KeywordMatch classify(InboundMessage msg, boolean optedOut) {
    String carrierType = msg.carrierOptOut() == null ? "" : msg.carrierOptOut().trim().toUpperCase(Locale.ROOT);
    switch (carrierType) {
      case "STOP":
        return new KeywordMatch(KeywordIntent.OPT_OUT, "carrier:STOP", false);
      case "START":
        return new KeywordMatch(KeywordIntent.OPT_IN, "carrier:START", false);
      case "HELP":
        return new KeywordMatch(KeywordIntent.HELP, "carrier:HELP", false);
      default:
        return ctx.keywords().classify(msg.body(), optedOut);
    }
  }

  /**
   * Renders an automatic answer and records it, unless the loop guard says no: too many automatic messages in
   * the last hour, or the inbound text looks machine-written.
   */
  private @Nullable String automaticReply(StoreTransaction tx, Conversation conversation, InboundMessage msg,
      BusinessProfile business, String template, Instant now, boolean capped) {
    if (AutoResponders.looksAutomatic(msg.body())) {
      log.info("inbound {} looks like an auto-responder; no automatic answer", msg.messageId());
      return null;
    }
    int recent = tx.countAutomaticMessagesSince(conversation.id(), now.minus(Duration.ofHours(1)));
    if (capped && recent >= ctx.automaticPerHour()) {
      log.info("conversation {}: {} automatic messages in the last hour; holding back", conversation.id(), recent);
      return null;
    }
    String text = MessageTemplates.renderText(template, TemplateValues.builder()
        .put("business", business.displayName())
        .put("business_phone", msg.to().e164())
        .put("booking_link", business.bookingLink().orElse(null))
        .build());
    tx.insertMessage(ConversationMessage.builder().id(Ids.newId("msg")).conversationId(conversation.id())
        .direction(Direction.OUTBOUND).body(text).at(now).automatic(true).build());
    return text;
  }

  /**
   * Cancels the caller's pending texts that the opt-out saved under {@code optOutKey} forbids: with the business's
   * scope {@code NUMBER}, those from the number the caller texted STOP to, not the business's other numbers.
   */
  private static List<OutboxEntry> withdrawAll(StoreTransaction tx, BusinessProfile business, PhoneNumber caller,
      String optOutKey, String why, Instant now) {
    List<OutboxEntry> withdrawn = new ArrayList<>();
    for (OutboxKind kind : CALLER_FACING) {
      for (OutboxEntry e : tx.lockPendingTo(business.id(), caller, kind)) {
        if (!EngineContext.optOutKeys(business.id(), e.from()).contains(optOutKey)) continue;
        // A send in flight cannot be recalled; its result is recorded as it is, and the dispatcher checks the
        // ledger before any further attempt.
        if (e.leaseUntil() != null && e.leaseUntil().isAfter(now)) continue;
        OutboxEntry canceled = e.finish(OutboxStatus.CANCELED, why, false);
        tx.updateOutbox(canceled);
        withdrawn.add(canceled);
      }
    }
    return withdrawn;
  }

  /** Applies a delivery receipt, or keeps it until its send is recorded (see {@link DeliveryReceipts}). */
  public void onDeliveryReceipt(DeliveryReceipt receipt) {
    receipts.onDeliveryReceipt(receipt);
  }

  /** Feeds a permanent failure back into policy: opt-outs into the ledger, dead numbers into memory. */
  static void remember(StoreTransaction tx, OutboxEntry entry, PermanentFailureReason reason, String source,
      Instant now) {
    switch (reason) {
      case OPTED_OUT:
        tx.saveOptOut(new OptOutRecord("business:" + entry.businessId(), entry.to(), now, source));
        break;
      case NOT_MOBILE:
      case INVALID_NUMBER:
        if (entry.kind() != OutboxKind.FORWARD && entry.kind() != OutboxKind.ESCALATION) {
          tx.saveUnreachable(new UnreachableNumber(entry.to(), reason, source, now));
        }
        break;
      default:
        break;
    }
  }

  public ConversationMessage reply(String conversationId, @Nullable String text, @Nullable String author) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("reply text is empty");
    // What the business could have seen: the conversation as it was before this reply waits for its lock.
    Conversation seen = ctx.store().conversation(conversationId).orElse(null);
    record Replied(ConversationMessage message, OutboxEntry entry, List<OutboxEntry> withdrawn) {}
    Replied r = ctx.store().inTransaction(tx -> {
      Conversation c = tx.lockConversation(conversationId)
          .orElseThrow(() -> new IllegalArgumentException("no conversation " + conversationId));
      // Read after the lock, so the reply is recorded after whatever committed while it waited for it.
      Instant now = ctx.clock().instant();
      if (c.status() == ConversationStatus.CLOSED) {
        throw new IllegalArgumentException("conversation " + conversationId + " is closed");
      }
      BusinessProfile business = ctx.businesses().byId(c.businessId())
          .orElseThrow(() -> new IllegalStateException("business " + c.businessId() + " is not configured"));
      if (tx.findOptOut(EngineContext.optOutKeys(business.id(), c.businessNumber()), c.caller()).isPresent()) {
        throw new IllegalStateException("the caller has opted out; texts to them are not allowed");
      }
      List<OutboxEntry> withdrawn = CallHandler.withdrawPending(tx, business, c.caller(), now,
          "business replied first");
      OutboxEntry entry = OutboxEntry.builder().id(Ids.newId("ob")).kind(OutboxKind.REPLY).businessId(c.businessId())
          .carrier(c.carrier()).from(c.businessNumber()).to(c.caller()).body(text).conversationId(c.id())
          .callId(c.callId()).calledAt(c.callId() == null ? null : c.openedAt()).createdAt(now).dueAt(now)
          .status(OutboxStatus.PENDING).build();
      tx.insertOutbox(entry);
      ConversationMessage m = ConversationMessage.builder().id(entry.id()).conversationId(c.id())
          .direction(Direction.OUTBOUND).body(text).at(now).author(author).build();
      tx.insertMessage(m);
      tx.updateConversation(unseenCallerText(c, seen) ? keepWaiting(c.withBusinessResponse(now, author), c)
          : c.withBusinessResponse(now, author));
      return new Replied(m, entry, withdrawn);
    });
    for (OutboxEntry w : r.withdrawn()) ctx.listeners().fire(l -> l.onWithdrawn(w));
    ctx.listeners().fire(l -> l.onQueued(r.entry()));
    ctx.wakeUp().run();
    return r.message();
  }

  public Conversation markHandled(String conversationId, @Nullable String by) {
    Conversation seen = ctx.store().conversation(conversationId).orElse(null);
    return ctx.store().inTransaction(tx -> {
      Conversation c = tx.lockConversation(conversationId)
          .orElseThrow(() -> new IllegalArgumentException("no conversation " + conversationId));
      if (c.status() == ConversationStatus.CLOSED) {
        throw new IllegalArgumentException("conversation " + conversationId + " is closed");
      }
      // A caller's text that came after the business looked is a later reply, which reopens a handled conversation:
      // marked handled now, it would be answered by nobody.
      if (unseenCallerText(c, seen)) return c;
      Conversation handled = c.withHandled(ctx.clock().instant(), by);
      tx.updateConversation(handled);
      return handled;
    });
  }

  /**
   * Whether the caller may have written after the business acted on {@code seen}: something waits for the business
   * and the conversation changed since (compared by state, not by the clock, which two instances may not share). The
   * business has not seen that text, so its answer must not clear the wait (nor the escalation that goes with it).
   */
  private static boolean unseenCallerText(Conversation c, @Nullable Conversation seen) {
    return c.awaitingSince() != null && (seen == null || seen.awaitingSince() == null
        || !c.lastActivityAt().equals(seen.lastActivityAt()));
  }

  /** {@code responded} with the wait and escalation of {@code before} kept. */
  private static Conversation keepWaiting(Conversation responded, Conversation before) {
    return responded.toBuilder().awaitingSince(before.awaitingSince()).escalateAt(before.escalateAt()).build();
  }
}
