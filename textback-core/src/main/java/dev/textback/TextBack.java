package dev.textback;

import dev.textback.business.BusinessDirectory;
import dev.textback.call.CallEvent;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.InboundMessage;
import dev.textback.policy.OptOutKeywords;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.rules.MissedCallRules;
import dev.textback.spi.CallerDirectory;
import dev.textback.spi.EscalationNotifier;
import dev.textback.spi.ReplyRouter;
import dev.textback.spi.SmsGateway;
import dev.textback.spi.TextBackStore;
import dev.textback.stats.RecoveryFunnel;
import dev.textback.template.LanguageChooser;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * The text-back engine: decides about calls, queues texts in a durable outbox, sends them in the
 * background, carries conversations and reports stats. Build one with {@link #builder()}, {@link #start()}
 * it, and feed it what carrier adapters parse. Thread-safe.
 */
public final class TextBack implements AutoCloseable {
  private TextBack(Builder b) {
    throw new UnsupportedOperationException("TODO");
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decides about a call and, when it is a missed call to text, writes the text to the outbox in the same
   * transaction. Returns at once: sending happens in the background. The same call delivered again returns
   * the first decision. Never throws for a bad caller ID (that is a skipped decision).
   */
  public CallDecision onCall(CallEvent event) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Handles a text from a caller: opt-out, opt-in and HELP first, then the conversation and the reply
   * router (asynchronously). The result may carry a reply for the adapter to return in its webhook response.
   */
  public InboundResult onInbound(InboundMessage message) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Applies a carrier's delivery report to the outbound text it refers to; unknown ids are ignored. */
  public void onDeliveryReceipt(DeliveryReceipt receipt) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Queues a reply from the business in a conversation, from the number the caller dialled.
   *
   * @param author who is replying, for the record, or null
   * @return the queued message
   * @throws IllegalArgumentException when the conversation does not exist or is closed, or the text is empty
   * @throws IllegalStateException when the caller has opted out
   */
  public ConversationMessage reply(String conversationId, String text, String author) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Marks a conversation handled; a later reply from the caller reopens it. */
  public Conversation markHandled(String conversationId, String by) {
    throw new UnsupportedOperationException("TODO");
  }

  public Optional<Conversation> conversation(String id) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Messages of a conversation, oldest first. */
  public List<ConversationMessage> messages(String conversationId) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Conversations of a business (all when null) in the given statuses, most recent first. */
  public List<Conversation> conversations(String businessId, Collection<ConversationStatus> statuses, int limit) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The recovery funnel for calls to a business in [from, to). */
  public RecoveryFunnel stats(String businessId, Instant from, Instant to) {
    throw new UnsupportedOperationException("TODO");
  }

  public BusinessDirectory businesses() {
    throw new UnsupportedOperationException("TODO");
  }

  /** The engine's clock (the one everything reads). */
  public Clock clock() {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Starts the background dispatcher, which also picks up whatever an earlier run left pending (expired
   * leases included). Idempotent.
   */
  public void start() {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Runs one pass of the background work on the calling thread: sends what is due by the engine's clock
   * (waiting for those sends), expires stale deferred texts, fires due escalations. The dispatcher does this
   * on its own; call it to flush after advancing a test clock, or from a scheduler in hosts without
   * background threads.
   *
   * @return the number of outbox entries and escalations processed
   */
  public int runDueWork() {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Stops taking new background work, waits for in-flight sends to finish (up to the drain timeout), and
   * stops the dispatcher. Pending texts stay in the store for the next start.
   */
  @Override
  public void close() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Builds a {@link TextBack}. Not thread-safe. */
  public static final class Builder {
    private Builder() {}

    /** The businesses served (required). */
    public Builder businesses(BusinessDirectory businesses) {
      throw new UnsupportedOperationException("TODO");
    }

    /** Where state lives (required); use {@code InMemoryTextBackStore} for a single process. */
    public Builder store(TextBackStore store) {
      throw new UnsupportedOperationException("TODO");
    }

    /** Adds the gateway for a carrier; at least one is required, one per carrier name. */
    public Builder gateway(SmsGateway gateway) {
      throw new UnsupportedOperationException("TODO");
    }

    /** Missed-call rules (default {@link MissedCallRules#defaults()}). */
    public Builder rules(MissedCallRules rules) {
      throw new UnsupportedOperationException("TODO");
    }

    /** Opt-out/help keyword matching (default {@link OptOutKeywords#defaults()}). */
    public Builder keywords(OptOutKeywords keywords) {
      throw new UnsupportedOperationException("TODO");
    }

    public Builder languages(LanguageChooser chooser) {
      throw new UnsupportedOperationException("TODO");
    }

    public Builder callerDirectory(CallerDirectory directory) {
      throw new UnsupportedOperationException("TODO");
    }

    /** Where caller replies go (default: nowhere beyond the conversation). */
    public Builder replyRouter(ReplyRouter router) {
      throw new UnsupportedOperationException("TODO");
    }

    public Builder escalationNotifier(EscalationNotifier notifier) {
      throw new UnsupportedOperationException("TODO");
    }

    public Builder listener(TextBackListener listener) {
      throw new UnsupportedOperationException("TODO");
    }

    /** The clock everything reads (default UTC system clock). */
    public Builder clock(Clock clock) {
      throw new UnsupportedOperationException("TODO");
    }

    /** Runs sends and reply routing (default: a small pool of daemon threads owned by the engine). */
    public Builder executor(ExecutorService executor) {
      throw new UnsupportedOperationException("TODO");
    }

    /**
     * Retry policy for transient send failures: max attempts per burst, backoff (default exponential
     * with jitter, 2 s × 2, 4 attempts). Waits are scheduled on the outbox by the engine's clock, never slept.
     */
    public Builder retry(RetryConfig retry) {
      throw new UnsupportedOperationException("TODO");
    }

    /** Delay before another burst once a burst of attempts runs out (default 5 minutes). */
    public Builder retryLater(Duration delay) {
      throw new UnsupportedOperationException("TODO");
    }

    /** Name of this engine instance, the outbox lease owner (default a random id). */
    public Builder instanceId(String id) {
      throw new UnsupportedOperationException("TODO");
    }

    /** How long a claim on an outbox entry lasts (default 2 minutes). */
    public Builder lease(Duration lease) {
      throw new UnsupportedOperationException("TODO");
    }

    /** Max automatic messages per conversation per hour (default 3). */
    public Builder automaticMessagesPerHour(int max) {
      throw new UnsupportedOperationException("TODO");
    }

    /** Status-callback URL passed to a carrier's gateway for its sends, or null for the gateway default. */
    public Builder statusCallbackUrl(String carrier, String url) {
      throw new UnsupportedOperationException("TODO");
    }

    /**
     * @throws IllegalStateException naming what is missing (businesses, store, a gateway)
     */
    public TextBack build() {
      return new TextBack(this);
    }
  }
}
