package dev.textback;

import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessNumber;
import dev.textback.business.BusinessProfile;
import dev.textback.carrier.Carrier;
import dev.textback.carrier.CarrierContext;
import dev.textback.carrier.CarrierWebhooks;
import dev.textback.carrier.PendingCalls;
import dev.textback.internal.StoredPendingCalls;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import java.util.Collections;
import java.util.function.Supplier;
import dev.textback.spi.OutboxBacklog;
import dev.textback.spi.StoreUnavailableException;
import dev.textback.call.CallEvent;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.InboundMessage;
import dev.textback.policy.OptOutKeywords;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.rules.MissedCallRules;
import dev.textback.spi.CallActivity;
import dev.textback.spi.CallerDirectory;
import dev.textback.spi.EscalationNotifier;
import dev.textback.spi.ReplyRouter;
import dev.textback.spi.SmsGateway;
import dev.textback.spi.TextBackStore;
import dev.textback.stats.RecoveryFunnel;
import dev.textback.template.LanguageChooser;
import dev.textback.template.OptOutWording;
import dev.textback.template.Template;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import dev.textback.internal.CallHandler;
import dev.textback.internal.Dispatcher;
import dev.textback.internal.EngineContext;
import dev.textback.internal.InboundHandler;
import dev.textback.internal.Listeners;
import dev.textback.internal.RoutingDispatcher;
import io.github.resilience4j.core.IntervalFunction;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import dev.textback.spi.RetriableSendException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text-back engine: decides about calls, queues texts in a durable outbox, sends them in the
 * background, carries conversations and reports stats. Build one with {@link #builder()}, {@link #start()}
 * it, and feed it what carrier adapters parse. Thread-safe.
 */
public final class TextBack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TextBack.class);

  /**
   * How many texts an engine sends at once unless {@link Builder#sendConcurrency} says otherwise; also the pool size
   * to give a carrier created for such an engine (e.g. {@code TwilioCarrier.create(config, sendConcurrency)}).
   */
  public static final int DEFAULT_SEND_CONCURRENCY = 4;

  private final EngineContext ctx;
  private final CallHandler calls;
  private final InboundHandler inbound;
  private final Dispatcher dispatcher;
  private final RoutingDispatcher routing;
  private final boolean ownsExecutor;
  private final boolean ownsRouting;
  private final Duration pollInterval;
  private final Duration drainTimeout;
  private final ScheduledExecutorService scheduler;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean wakeUpPending = new AtomicBoolean();
  private final AtomicBoolean timedPassPending = new AtomicBoolean();
  private final Map<CarrierId, CarrierWebhooks> webhooks;
  private final Duration webhookRetryBudget;

  private TextBack(Builder b) {
    List<String> problems = new ArrayList<>();
    if (b.businesses == null) problems.add("businesses(...) is required");
    if (b.store == null) problems.add("store(...) is required (InMemoryTextBackStore for one process)");
    if (b.gateways.isEmpty()) problems.add("at least one carrier(...) or gateway(...) is required");
    if (!problems.isEmpty()) throw new IllegalStateException("TextBack: " + String.join("; ", problems));
    if (b.warnWithoutOptOutWording) warnAboutTemplatesWithoutOptOut(b.businesses);
    this.ownsExecutor = b.executor == null;
    this.ownsRouting = b.routingExecutor == null;
    ExecutorService executor = ownsExecutor ? defaultExecutor(b.sendConcurrency) : b.executor;
    this.pollInterval = b.pollInterval;
    this.webhookRetryBudget = b.webhookRetryBudget;
    this.drainTimeout = b.drainTimeout;
    this.scheduler = new ScheduledThreadPoolExecutor(1, daemon("textback-dispatcher"));
    this.ctx = new EngineContext(b.businesses, b.store, Map.copyOf(b.gateways), b.rules, b.keywords, b.languages,
        b.callerDirectory, b.router, b.notifier, new Listeners(b.listeners), b.clock, executor,
        b.routingExecutor != null ? b.routingExecutor
            : new ThreadPoolExecutor(b.routingConcurrency, b.routingConcurrency, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemon("textback-route")),
        b.retry,
        b.retryLater, b.instanceId, b.lease, b.automaticPerHour, b.retention,
        b.closeIdleAfter, b.sendConcurrency, b.routingElsewhere, this::wakeUp);
    this.calls = new CallHandler(ctx);
    this.routing = new RoutingDispatcher(ctx, b.routingConcurrency);
    this.inbound = new InboundHandler(ctx, routing::kick);
    this.dispatcher = new Dispatcher(ctx, routing, closed::get);
    Map<CarrierId, CarrierWebhooks> hooks = new LinkedHashMap<>();
    for (Carrier carrier : b.carriers) {
      CarrierWebhooks w = Objects.requireNonNull(carrier.webhooks(new Context(carrier.id())),
          () -> "carrier " + carrier.id() + " returned no webhooks");
      if (!w.carrier().equals(carrier.id())) {
        throw new IllegalStateException("carrier " + carrier.id() + " returned the webhooks of " + w.carrier());
      }
      hooks.put(carrier.id(), w);
    }
    this.webhooks = Collections.unmodifiableMap(hooks);
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static ExecutorService defaultExecutor(int threads) {
    // Sends are one blocking HTTP call each; a few threads keep one slow carrier from stalling the rest.
    return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        daemon("textback-send"));
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decides about a call and, when it is a missed call to text, writes the text to the outbox in the same
   * transaction. Returns at once: sending happens in the background. The same call delivered again returns
   * the first decision. Never throws for a bad caller ID (that is a skipped decision).
   *
   * @throws IllegalStateException when the call should be texted but no gateway serves its carrier
   */
  public CallDecision onCall(CallEvent event) {
    return calls.onCall(Objects.requireNonNull(event, "event == null"));
  }

  /**
   * Handles a text from a caller: opt-out, opt-in and HELP first, then the conversation and, in the same store
   * transaction, the work for the reply router, which runs soon after on the routing executor (with the outbox's
   * lease, retries and crash recovery). The result may carry a reply for the adapter to return in its webhook
   * response.
   */
  public InboundResult onInbound(InboundMessage message) {
    return inbound.onInbound(Objects.requireNonNull(message, "message == null"));
  }

  /** Applies a carrier's delivery report to the outbound text it refers to; unknown ids are ignored. */
  public void onDeliveryReceipt(DeliveryReceipt receipt) {
    inbound.onDeliveryReceipt(Objects.requireNonNull(receipt, "receipt == null"));
  }

  /**
   * Queues a reply from the business in a conversation, from the number the caller dialled. Withdraws a
   * text-back still waiting for its send delay or quiet hours: the business reached the caller first. A caller's text
   * that arrived after this call began still waits for the business (and escalates), as the reply did not answer it.
   *
   * @param author who is replying, for the record, or null; at most {@value #MAX_NAME_LENGTH} characters
   * @return the queued message
   * @throws IllegalArgumentException when the conversation does not exist or is closed, the text is empty, or the
   *     author is longer than that
   * @throws IllegalStateException when the caller has opted out
   */
  public ConversationMessage reply(String conversationId, String text, @Nullable String author) {
    return inbound.reply(Objects.requireNonNull(conversationId, "conversationId == null"), text,
        name(author, "author"));
  }

  /**
   * Marks a conversation handled; a later reply from the caller reopens it. A caller's text that arrived after this
   * call began counts as such a reply: the conversation is returned unchanged, still waiting for the business.
   *
   * @param by who handled it, for the record, or null; at most {@value #MAX_NAME_LENGTH} characters
   * @throws IllegalArgumentException when the conversation does not exist or is closed, or {@code by} is longer
   */
  public Conversation markHandled(String conversationId, @Nullable String by) {
    return inbound.markHandled(Objects.requireNonNull(conversationId, "conversationId == null"), name(by, "by"));
  }

  public Optional<Conversation> conversation(String id) {
    return ctx.store().conversation(id);
  }

  /** Messages of a conversation, oldest first. */
  public List<ConversationMessage> messages(String conversationId) {
    return ctx.store().messages(conversationId);
  }

  /** Conversations of a business (all when null) in the given statuses, most recent first. */
  public List<Conversation> conversations(@Nullable String businessId, Collection<ConversationStatus> statuses,
      int limit) {
    return ctx.store().conversations(businessId,
        statuses.isEmpty() ? EnumSet.noneOf(ConversationStatus.class) : EnumSet.copyOf(statuses), limit);
  }

  /**
   * The recovery funnel for calls to a business in [from, to).
   *
   * @throws IllegalArgumentException for an unknown business
   */
  public RecoveryFunnel stats(String businessId, Instant from, Instant to) {
    var business = ctx.businesses().byId(businessId)
        .orElseThrow(() -> new IllegalArgumentException("unknown business " + businessId));
    return RecoveryFunnel.of(businessId, from, to, ctx.store().funnel(businessId, from, to),
        business.averageJobValue());
  }

  /**
   * The calls to a business in [from, to), newest first, at most {@code limit}, each with what became of it: its
   * text-back's state, the caller's reply, a called-back mark (see {@link CallActivity}). For an owner's call list.
   *
   * @throws IllegalArgumentException for an unknown business
   * @throws UnsupportedOperationException when the store does not implement {@link TextBackStore#calls}
   */
  public List<CallActivity> calls(String businessId, Instant from, Instant to, int limit) {
    requireBusiness(businessId);
    return ctx.store().calls(businessId, Objects.requireNonNull(from, "from == null"),
        Objects.requireNonNull(to, "to == null"), limit);
  }

  /**
   * The callers of a business to call back: calls since {@code since} that were texted, whose caller has not replied
   * since (in that call's conversation or a later one), had no answered call since, and was not marked called back
   * since, newest first (see {@link TextBackStore#callBacks}). Callers who have opted
   * out of the business's texts are left out: a STOP is an answer, not a lead to chase. The list may therefore be
   * shorter than {@code limit} although more calls qualify.
   *
   * @throws IllegalArgumentException for an unknown business
   * @throws UnsupportedOperationException when the store does not implement {@link TextBackStore#callBacks}
   */
  public List<CallActivity> callBacks(String businessId, Instant since, int limit) {
    requireBusiness(businessId);
    List<CallActivity> found = ctx.store().callBacks(businessId, Objects.requireNonNull(since, "since == null"), limit);
    if (found.isEmpty()) return found;
    return ctx.store().inTransaction(tx -> found.stream()
        .filter(a -> a.call().caller() == null || tx.findOptOut(
            EngineContext.optOutKeys(businessId, a.call().dialled()), a.call().caller()).isEmpty())
        .toList());
  }

  /**
   * Records, at the engine clock's now, that someone at the business called {@code caller} back: the caller's calls
   * so far leave {@link #callBacks}.
   *
   * @param by who called, for the record, or null; at most {@value #MAX_NAME_LENGTH} characters
   * @return when the mark was made
   * @throws IllegalArgumentException for an unknown business, or a longer {@code by}
   * @throws UnsupportedOperationException when the store does not implement {@link TextBackStore#markCalledBack}
   */
  public Instant markCalledBack(String businessId, PhoneNumber caller, @Nullable String by) {
    requireBusiness(businessId);
    Instant now = ctx.clock().instant();
    ctx.store().markCalledBack(businessId, Objects.requireNonNull(caller, "caller == null"), now, name(by, "by"));
    return now;
  }

  /** The longest author, marker or instance name the engine takes: what the database stores keep. */
  public static final int MAX_NAME_LENGTH = 255;

  /** {@code name} when it fits the stores; null stays null. */
  private static @Nullable String name(@Nullable String name, String what) {
    if (name != null && name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(what + ": at most " + MAX_NAME_LENGTH + " characters, was " + name.length());
    }
    return name;
  }

  private void requireBusiness(String businessId) {
    Objects.requireNonNull(businessId, "businessId == null");
    if (ctx.businesses().byId(businessId).isEmpty()) {
      throw new IllegalArgumentException("unknown business " + businessId);
    }
  }

  /**
   * What waits in the outbox now by the engine's clock: pending entries, those due, and how long the oldest due
   * one has waited. For metrics and health checks; a query on the store each call.
   *
   * @return the backlog at the engine clock's current instant
   * @throws UnsupportedOperationException when the store cannot count its outbox
   * @throws dev.textback.spi.StoreUnavailableException when the store cannot be reached
   */
  public OutboxBacklog outboxBacklog() {
    return ctx.store().outboxBacklog(ctx.clock().instant());
  }

  /**
   * The webhooks of every {@link Builder#carrier carrier} the engine was built with, by carrier, in the order
   * added. Mount each at {@link CarrierWebhooks#byPath()}.
   */
  public Map<CarrierId, CarrierWebhooks> webhooks() {
    return webhooks;
  }

  /**
   * The webhooks of one carrier.
   *
   * @throws IllegalArgumentException when the engine was not built with that carrier
   */
  public CarrierWebhooks webhooks(CarrierId carrier) {
    CarrierWebhooks w = webhooks.get(Objects.requireNonNull(carrier, "carrier == null"));
    if (w == null) {
      throw new IllegalArgumentException("no carrier " + carrier + " in this engine; add it with builder().carrier(...)");
    }
    return w;
  }

  public BusinessDirectory businesses() {
    return ctx.businesses();
  }

  /** The engine's clock (the one everything reads). */
  public Clock clock() {
    return ctx.clock();
  }

  /**
   * Starts the background dispatcher, which also picks up whatever an earlier run left pending (expired
   * leases included). Idempotent.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public void start() {
    if (closed.get()) throw new IllegalStateException("engine is closed");
    if (!started.compareAndSet(false, true)) return;
    try {
      scheduler.scheduleWithFixedDelay(() -> backgroundPass(true), 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      started.set(false); // a later start() tries again rather than do nothing
      throw e;
    }
    log.info("textback engine {} started: {} business(es), carriers {}", ctx.instanceId(),
        ctx.businesses().all().size(), ctx.gateways().keySet());
  }

  /** A text was queued (or a pass was full): a pass that only sends runs soon; the timed passes do the rest. */
  private void wakeUp() {
    if (!started.get() || closed.get() || !wakeUpPending.compareAndSet(false, true)) return;
    try {
      scheduler.execute(() -> backgroundPass(false));
    } catch (RuntimeException rejected) {
      wakeUpPending.set(false);
    }
  }

  /**
   * A backlog of escalations: the next whole pass runs now rather than after the poll interval. One at a time, so the
   * timed passes that also find the backlog do not each start a chain of their own.
   */
  private void timedPassNow() {
    if (closed.get() || !timedPassPending.compareAndSet(false, true)) return;
    try {
      scheduler.execute(() -> {
        timedPassPending.set(false);
        backgroundPass(true);
      });
    } catch (RuntimeException rejected) {
      timedPassPending.set(false); // closing: the backlog stays due for the next start
    }
  }

  /** @param timed the poll interval's pass, which also runs escalations, routing work and housekeeping */
  private void backgroundPass(boolean timed) {
    if (!timed) wakeUpPending.set(false);
    if (closed.get()) return;
    try {
      // A full pass means more may be due: go again at once; the poll interval is for idle time only.
      Dispatcher.Pass pass = timed ? dispatcher.runOnce(false) : dispatcher.sendOnce();
      if (pass.moreEscalations()) {
        timedPassNow(); // it sends too, so it covers moreDue as well
      } else if (pass.moreDue()) {
        wakeUp();
      }
    } catch (RuntimeException | Error e) {
      // The store may be briefly unavailable; the next pass tries again and nothing pending is lost. Nothing may
      // escape: a scheduled task that throws is never run again, and its exception is never logged, so one failed
      // pass would silently end all polling and strand whatever no later webhook wakes up.
      log.error("dispatcher pass failed; retrying on the next pass", e);
    }
  }

  /**
   * Runs one pass of the background work on the calling thread: sends what is due by the engine's clock
   * (waiting for those sends), expires stale deferred texts, fires due escalations, hands due replies and
   * escalations to the router and notifier (waiting for those too, up to the lease), and then sends the texts
   * they queued that are due. A background pass already
   * under way is waited for first, so when this returns every send claimed so far has finished. The dispatcher
   * does this on its own; call it to flush after advancing a test clock, or from a scheduler in hosts without
   * background threads.
   *
   * @return the number of outbox entries and escalations processed
   */
  public int runDueWork() {
    if (closed.get()) throw new IllegalStateException("engine is closed");
    int done = 0;
    Dispatcher.Pass pass;
    int passes = 0;
    boolean routedOrEscalated = false;
    do { // a full pass leaves more due: flush it all, within a bound for texts that fall due again at once
      pass = dispatcher.runOnce(true);
      done += pass.done();
      routedOrEscalated |= pass.routedOrEscalated();
    } while (pass.moreDue() && !closed.get() && ++passes < 1_024);
    // The routers and notifiers of those passes may have queued texts due now (the owner's copy): send them too.
    while (routedOrEscalated && !closed.get() && ++passes < 2_048) {
      pass = dispatcher.flushSends();
      done += pass.done();
      routedOrEscalated = pass.moreDue();
    }
    return done;
  }

  /**
   * Stops taking new background work, waits for in-flight sends to finish (up to the drain timeout), and
   * stops the dispatcher. Pending texts stay in the store for the next start. A {@link #runDueWork()} under way on
   * another thread is waited for too, with the sends it starts; one that would start after this began does nothing.
   * The drain timeout bounds the whole close, not each step of it. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    // One deadline for every wait below: each gets what is left of it, so closing takes about the drain timeout at
    // most rather than the timeout once per step.
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    routing.close();
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(nanosLeft(deadline), TimeUnit.NANOSECONDS)) {
        log.warn("dispatcher did not finish within {}; unfinished sends are retried after their lease", drainTimeout);
        scheduler.shutdownNow();
      }
      // A pass does not wait for the sends it started, and a flush by hand may still be under way on the host's
      // thread: let both finish and the sends record their results.
      if (!dispatcher.awaitIdle(Duration.ofNanos(nanosLeft(deadline)))) {
        log.warn("sends still running after {}; unfinished sends are retried after their lease", drainTimeout);
      }
      // Routing work started by a webhook (not by a pass) may still be running: its result may yet be kept.
      if (!routing.awaitIdle(Duration.ofNanos(nanosLeft(deadline)))) {
        log.warn("routing work still running after {}; unfinished work is handed over again after its lease",
            drainTimeout);
      }
      dispatcher.closeHousekeeping(Duration.ofNanos(nanosLeft(deadline)));
      int unstored = dispatcher.writeBackKept(Duration.ofNanos(nanosLeft(deadline)))
          + routing.writeBackKept(Duration.ofNanos(nanosLeft(deadline)));
      if (unstored > 0) {
        log.warn("{} result(s) of sends or routing work could not be stored (store unavailable); their entries are"
            + " claimed again once their claims lapse", unstored);
      }
      if (ownsRouting) {
        ctx.routing().shutdown();
        if (!ctx.routing().awaitTermination(nanosLeft(deadline), TimeUnit.NANOSECONDS)) ctx.routing().shutdownNow();
      }
      if (ownsExecutor) {
        ctx.executor().shutdown();
        if (!ctx.executor().awaitTermination(nanosLeft(deadline), TimeUnit.NANOSECONDS)) {
          ctx.executor().shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      scheduler.shutdownNow();
    }
    log.info("textback engine {} closed", ctx.instanceId());
  }

  /** What is left until {@code deadline} (a {@link System#nanoTime()} value), never negative. */
  private static long nanosLeft(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  /** What the webhooks of one carrier see of this engine. */
  private final class Context implements CarrierContext {
    private final CarrierId carrier;
    private final PendingCalls pending;

    Context(CarrierId carrier) {
      this.carrier = carrier;
      this.pending = outageProof(new StoredPendingCalls(ctx.store(), carrier.name(), ctx.clock()));
    }

    /**
     * What a webhook remembers between a call's webhooks goes through store outages like its decision: a status
     * callback reads the dial outcome before it decides the call, and must not fail on an outage the decision
     * itself would have waited out.
     */
    private PendingCalls outageProof(PendingCalls stored) {
      return new PendingCalls() {
        @Override
        public void remember(String callId, Map<String, String> values) {
          throughOutages("call " + callId, () -> {
            stored.remember(callId, values);
            return null;
          });
        }

        @Override
        public Map<String, String> recall(String callId) {
          return throughOutages("call " + callId, () -> stored.recall(callId));
        }

        @Override
        public Map<String, String> forget(String callId) {
          return throughOutages("call " + callId, () -> stored.forget(callId));
        }
      };
    }

    @Override
    public CarrierId carrier() {
      return carrier;
    }

    @Override
    public CallDecision onCall(CallEvent event) {
      sameCarrier(event.carrier());
      return throughOutages("call " + event.callId(), () -> TextBack.this.onCall(event));
    }

    @Override
    public InboundResult onInbound(InboundMessage message) {
      sameCarrier(message.carrier());
      return throughOutages("text " + message.messageId(), () -> TextBack.this.onInbound(message));
    }

    @Override
    public void onDeliveryReceipt(DeliveryReceipt receipt) {
      sameCarrier(receipt.carrier());
      throughOutages("receipt for " + receipt.messageId(), () -> {
        TextBack.this.onDeliveryReceipt(receipt);
        return null;
      });
    }

    /** An adapter hands over only its own carrier's calls and texts: its pending calls are kept under it. */
    private void sameCarrier(CarrierId reported) {
      if (!reported.equals(carrier)) {
        throw new IllegalArgumentException("the " + carrier + " webhooks reported a " + reported + " event");
      }
    }

    /**
     * Runs webhook work again while the store is unavailable, within the webhook budget: a database restart
     * of a few seconds must not lose a call the carrier will not send again. Repeating is safe, as the work is
     * keyed by the carrier's ids. Past the budget the outage is thrown, and the webhook answers so the carrier
     * redelivers.
     */
    private <T> T throughOutages(String what, Supplier<T> work) {
      long deadline = System.nanoTime() + webhookRetryBudget.toNanos();
      long pauseMillis = 50;
      while (true) {
        try {
          return work.get();
        } catch (StoreUnavailableException e) {
          long left = deadline - System.nanoTime();
          if (left <= TimeUnit.MILLISECONDS.toNanos(pauseMillis)) throw e;
          log.warn("{}: store unavailable ({}); trying again in {} ms", what, e.getMessage(), pauseMillis);
          try {
            Thread.sleep(pauseMillis);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw e;
          }
          pauseMillis = Math.min(pauseMillis * 2, 1_000);
        }
      }
    }

    @Override
    public Optional<PhoneNumber> forwardTarget(PhoneNumber dialled) {
      return ctx.businesses().byNumber(dialled)
          .flatMap(business -> business.number(dialled))
          .flatMap(BusinessNumber::forwardingTarget);
    }

    @Override
    public Clock clock() {
      return ctx.clock();
    }

    @Override
    public PendingCalls pendingCalls() {
      return pending;
    }
  }

  /**
   * Logs a warning for each text-back template that does not tell the caller how to opt out: carriers
   * expect it in the first text to a number, and a campaign can be rejected or filtered without it.
   */
  private static void warnAboutTemplatesWithoutOptOut(BusinessDirectory businesses) {
    for (BusinessProfile business : businesses.all()) {
      for (Template template : business.templates().all()) {
        if (!OptOutWording.present(template.text())) {
          log.warn("business {}: template {} has no opt-out wording; end it with e.g. \"Reply STOP to opt out.\" "
              + "(turn this check off with TextBack.builder().warnWithoutOptOutWording(false))",
              business.id(), template.name());
        }
      }
    }
  }

  /** Builds a {@link TextBack}. Not thread-safe. */
  public static final class Builder {
    private @Nullable BusinessDirectory businesses;
    private @Nullable TextBackStore store;
    private final Map<String, SmsGateway> gateways = new LinkedHashMap<>();
    private final List<Carrier> carriers = new ArrayList<>();
    private @Nullable MissedCallRules rules;
    private @Nullable OptOutKeywords keywords;
    private @Nullable LanguageChooser languages;
    private CallerDirectory callerDirectory = CallerDirectory.none();
    private @Nullable ReplyRouter router;
    private @Nullable EscalationNotifier notifier;
    private final List<TextBackListener> listeners = new ArrayList<>();
    private Clock clock = Clock.system(ZoneOffset.UTC);
    private @Nullable ExecutorService executor;
    private @Nullable ExecutorService routingExecutor;
    private int routingConcurrency = 2;
    private @Nullable RetryConfig retry;
    private Duration retryLater = Duration.ofMinutes(5);
    private String instanceId = "textback-" + UUID.randomUUID().toString().substring(0, 8);
    private Duration lease = Duration.ofMinutes(2);
    private int automaticPerHour = 3;
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration webhookRetryBudget = Duration.ofSeconds(5);
    private Duration drainTimeout = Duration.ofSeconds(30);
    private Duration retention = Duration.ofDays(35);
    private Duration closeIdleAfter = Duration.ofDays(7);
    private int sendConcurrency = DEFAULT_SEND_CONCURRENCY;
    private boolean warnWithoutOptOutWording = true;
    private boolean routingElsewhere;

    private Builder() {}

    /** The businesses served (required). */
    public Builder businesses(BusinessDirectory businesses) {
      this.businesses = Objects.requireNonNull(businesses, "businesses == null");
      return this;
    }

    /** Where state lives (required); use {@code InMemoryTextBackStore} for a single process. */
    public Builder store(TextBackStore store) {
      this.store = Objects.requireNonNull(store, "store == null");
      return this;
    }

    /**
     * Adds a carrier: its gateway sends the texts of its calls, and its webhooks are created once the engine
     * is built (see {@link TextBack#webhooks()}). At least one carrier or gateway is required, one per carrier.
     *
     * @throws IllegalArgumentException when the same carrier was already added
     */
    public Builder carrier(Carrier carrier) {
      Objects.requireNonNull(carrier, "carrier == null");
      SmsGateway gateway = Objects.requireNonNull(carrier.gateway(), "carrier.gateway() == null");
      if (!gateway.carrier().equals(carrier.id())) {
        throw new IllegalArgumentException("carrier " + carrier.id() + " has a gateway for " + gateway.carrier());
      }
      gateway(gateway);
      carriers.add(carrier);
      return this;
    }

    /**
     * Adds a gateway without webhooks (a console gateway, or a carrier whose webhooks you handle yourself);
     * one per carrier.
     *
     * @throws IllegalArgumentException when a gateway for the same carrier was already added
     */
    public Builder gateway(SmsGateway gateway) {
      Objects.requireNonNull(gateway, "gateway == null");
      CarrierId id = Objects.requireNonNull(gateway.carrier(), "gateway.carrier() == null");
      if (gateways.putIfAbsent(id.name(), gateway) != null) {
        throw new IllegalArgumentException("two gateways for carrier " + id);
      }
      return this;
    }

    /** Missed-call rules (default {@link MissedCallRules#defaults()}). */
    public Builder rules(MissedCallRules rules) {
      this.rules = Objects.requireNonNull(rules, "rules == null");
      return this;
    }

    /** Opt-out/help keyword matching (default {@link OptOutKeywords#defaults()}). */
    public Builder keywords(OptOutKeywords keywords) {
      this.keywords = Objects.requireNonNull(keywords, "keywords == null");
      return this;
    }

    /** How the text's language is chosen (default {@link LanguageChooser#defaults()}). */
    public Builder languages(LanguageChooser chooser) {
      this.languages = Objects.requireNonNull(chooser, "chooser == null");
      return this;
    }

    /** Where caller names and languages come from (default: nowhere). */
    public Builder callerDirectory(CallerDirectory directory) {
      this.callerDirectory = Objects.requireNonNull(directory, "directory == null");
      return this;
    }

    /** Where caller replies go (default: nowhere beyond the conversation). */
    public Builder replyRouter(ReplyRouter router) {
      this.router = Objects.requireNonNull(router, "router == null");
      return this;
    }

    /**
     * Declares that other engines sharing this store route replies and notify escalations (default: false). Each
     * caller reply and each escalation is then queued for them as routing work even when this engine has no
     * {@link #replyRouter} or {@link #escalationNotifier} of its own. Without it, such an engine queues none: a
     * reply it receives never reaches the other engines' router, and an escalation it fires never reaches their
     * notifier. Set it on the engines that take webhooks when the routing runs on others; leave it off when no engine
     * routes, or the queued work waits for one for good.
     */
    public Builder routingElsewhere(boolean enabled) {
      this.routingElsewhere = enabled;
      return this;
    }

    /** Who hears about replies left waiting (default: nobody beyond listeners). */
    public Builder escalationNotifier(EscalationNotifier notifier) {
      this.notifier = Objects.requireNonNull(notifier, "notifier == null");
      return this;
    }

    /** Adds a listener; listeners are called in the order added. */
    public Builder listener(TextBackListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener == null"));
      return this;
    }

    /** The clock everything reads (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Runs sends (default: {@link #sendConcurrency} daemon threads owned and shut down by the engine). An executor
     * you pass stays yours: {@link TextBack#close()} does not shut it down.
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor == null");
      return this;
    }

    /**
     * Runs reply routers and escalation notifiers (default: {@link #routingConcurrency} daemon threads owned and
     * shut down by the engine), apart from sends so a slow CRM never delays a text. An executor you pass stays
     * yours; give it at least {@code routingConcurrency} threads.
     */
    public Builder routingExecutor(ExecutorService executor) {
      this.routingExecutor = Objects.requireNonNull(executor, "executor == null");
      return this;
    }

    /**
     * How many replies and escalations are handed over at once (default 2): the size of the engine's own routing
     * pool, and how many routing entries it holds claims on at a time, so none waits in a queue while its lease
     * runs out.
     */
    public Builder routingConcurrency(int routes) {
      if (routes < 1) throw new IllegalArgumentException("routingConcurrency: must be at least 1, was " + routes);
      this.routingConcurrency = routes;
      return this;
    }

    /**
     * Retry policy for transient send failures: max attempts per burst and the backoff (default 4 attempts,
     * exponential from 2 s × 2 with ±50% jitter). Waits are scheduled on the outbox by the engine's clock,
     * never slept. Replies and escalations a router or notifier failed to take are retried with the same
     * attempts and backoff (its exception filter does not apply to them: only a permanent
     * {@link dev.textback.spi.RoutingException} stops their retries).
     */
    public Builder retry(RetryConfig retry) {
      this.retry = Objects.requireNonNull(retry, "retry == null");
      return this;
    }

    /** Delay before another burst once a burst of attempts runs out (default 5 minutes). */
    public Builder retryLater(Duration delay) {
      this.retryLater = positive(delay, "retryLater");
      return this;
    }

    /**
     * Name of this engine instance, the outbox lease owner (default a random id). Unique per process; not blank, at
     * most {@value TextBack#MAX_NAME_LENGTH} characters (what the database stores keep).
     */
    public Builder instanceId(String id) {
      Objects.requireNonNull(id, "id == null");
      if (id.isBlank()) throw new IllegalArgumentException("instanceId: must not be blank");
      this.instanceId = name(id, "instanceId");
      return this;
    }

    /**
     * How long a claim on an outbox entry lasts (default 2 minutes). Make it longer than the slowest send
     * (the gateway's connect plus read timeout) and the slowest reply router or escalation notifier: a send that
     * starts after its claim lapsed is skipped and left to the next claimant, and work still running when its
     * claim lapses may be taken over by another engine. At most a day.
     */
    public Builder lease(Duration lease) {
      this.lease = atMost(positive(lease, "lease"), MAX_WAIT, "lease");
      return this;
    }

    /**
     * How many texts are sent at once (default {@value TextBack#DEFAULT_SEND_CONCURRENCY}): the size of the engine's
     * own send pool, and how many sends the dispatcher keeps in flight, claiming the next due entry as each one
     * finishes. With your own {@link #executor}, give it at least this many threads; a carrier's own HTTP client
     * should keep as many pooled connections ({@code TwilioCarrier.create(config, sends)} and its Vonage and Plivo
     * counterparts).
     */
    public Builder sendConcurrency(int sends) {
      if (sends < 1) throw new IllegalArgumentException("sendConcurrency: must be at least 1, was " + sends);
      this.sendConcurrency = sends;
      return this;
    }

    /** Max automatic messages per conversation per hour (default 3). */
    public Builder automaticMessagesPerHour(int max) {
      if (max < 0) throw new IllegalArgumentException("automaticMessagesPerHour: must not be negative, was " + max);
      this.automaticPerHour = max;
      return this;
    }

    /**
     * How long a carrier webhook keeps trying while the store is unavailable before it gives up and answers
     * so the carrier redelivers (default 5 s; carriers wait 10 to 15 s for an answer). Zero tries once; at most a
     * day.
     */
    public Builder webhookRetryBudget(Duration budget) {
      Objects.requireNonNull(budget, "budget == null");
      if (budget.isNegative()) throw new IllegalArgumentException("webhookRetryBudget must not be negative");
      this.webhookRetryBudget = atMost(budget, MAX_WAIT, "webhookRetryBudget");
      return this;
    }

    /**
     * How often the background dispatcher looks for due work when nothing wakes it (default 1 s). A queued text wakes
     * it at once; due escalations, routing work waiting to be retried and housekeeping are looked at on these timed
     * passes only, so an escalation fires up to one interval after it falls due. A pass takes due escalations in a
     * batch; when it leaves more due, the next pass follows at once. From 1 ms to a day.
     */
    public Builder pollInterval(Duration interval) {
      positive(interval, "pollInterval");
      // The scheduler counts in milliseconds: a shorter interval would be a delay of 0, which it refuses.
      if (interval.compareTo(Duration.ofMillis(1)) < 0) {
        throw new IllegalArgumentException("pollInterval must be at least 1 ms, was " + interval);
      }
      this.pollInterval = atMost(interval, MAX_WAIT, "pollInterval");
      return this;
    }

    /** How long {@link TextBack#close()} waits for in-flight sends (default 30 s, at most a day). */
    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = atMost(positive(timeout, "drainTimeout"), MAX_WAIT, "drainTimeout");
      return this;
    }

    /**
     * How long decided calls, final outbox entries, expired episodes and closed conversations are kept
     * (default 35 days, enough for a 30-day dashboard); conversations idle for {@code closeIdleAfter}
     * (default 7 days) are closed.
     */
    public Builder retention(Duration retention, Duration closeIdleAfter) {
      this.retention = positive(retention, "retention");
      this.closeIdleAfter = positive(closeIdleAfter, "closeIdleAfter");
      return this;
    }

    /**
     * Whether {@link #build()} logs a warning for each text-back template without opt-out wording such as
     * "Reply STOP to opt out" (default true; see {@link OptOutWording}). Turn it off when the carrier or
     * your own first message already tells callers how to opt out.
     *
     * @param enabled false to skip the check
     * @return this builder
     */
    public Builder warnWithoutOptOutWording(boolean enabled) {
      this.warnWithoutOptOutWording = enabled;
      return this;
    }

    /**
     * The longest lease, poll interval, drain or webhook retry budget: far past any sensible value, and well inside
     * what the engine's deadlines (nanoseconds from now) can hold.
     */
    private static final Duration MAX_WAIT = Duration.ofDays(1);

    private static Duration atMost(Duration d, Duration max, String name) {
      if (d.compareTo(max) > 0) throw new IllegalArgumentException(name + " must be at most " + max + ", was " + d);
      return d;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name + " == null");
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive");
      return d;
    }

    /**
     * @throws IllegalStateException naming what is missing (businesses, store, a gateway)
     */
    public TextBack build() {
      if (rules == null) rules = MissedCallRules.defaults();
      if (keywords == null) keywords = OptOutKeywords.defaults();
      if (languages == null) languages = LanguageChooser.defaults();
      if (retry == null) {
        retry = RetryConfig.custom()
            .maxAttempts(4)
            .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofSeconds(2), 2.0, 0.5))
            .retryExceptions(RetriableSendException.class)
            .build();
      }
      return new TextBack(this);
    }
  }
}
