package dev.textback.internal;

import dev.textback.business.BusinessDirectory;
import dev.textback.phone.PhoneNumber;
import dev.textback.policy.OptOutKeywords;
import dev.textback.policy.OptOutScope;
import dev.textback.rules.MissedCallRules;
import dev.textback.spi.CallerDirectory;
import dev.textback.spi.EscalationNotifier;
import dev.textback.spi.ReplyRouter;
import dev.textback.spi.SmsGateway;
import dev.textback.spi.TextBackStore;
import dev.textback.template.LanguageChooser;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Everything the engine's parts share, fixed when the engine is built.
 *
 * @param routing runs reply routers, apart from sends so a slow CRM never delays a text
 * @param sendConcurrency how many sends run at once; the dispatcher claims only for free send slots, so no
 *     claim waits in a queue while its lease runs out
 * @param routingElsewhere engines sharing the store route replies and notify escalations: write that work for them
 *     even without a router or notifier here
 * @param wakeUp asks the dispatcher to look for due work soon (called after something was queued)
 */
public record EngineContext(BusinessDirectory businesses, TextBackStore store, Map<String, SmsGateway> gateways,
    MissedCallRules rules, OptOutKeywords keywords, LanguageChooser languages, CallerDirectory callerDirectory,
    @Nullable ReplyRouter router, @Nullable EscalationNotifier notifier, Listeners listeners, Clock clock, ExecutorService executor,
    ExecutorService routing,
    RetryConfig retry, Duration retryLater, String instanceId, Duration lease, int automaticPerHour,
    Duration retention, Duration closeIdleAfter, int sendConcurrency, boolean routingElsewhere, Runnable wakeUp) {

  /** Whether a caller's reply queues routing work: for this engine's router, or another engine's. */
  public boolean writesRouteReplies() {
    return router != null || routingElsewhere;
  }

  /** Whether an escalation queues a notification: for this engine's notifier, or another engine's. */
  public boolean writesEscalationNotices() {
    return notifier != null || routingElsewhere;
  }

  /**
   * Every ledger key under which an opt-out of a caller of this business number counts. Needs only ids, so a
   * text can be checked even by an engine whose configuration lacks the business.
   */
  public static List<String> optOutKeys(String businessId, PhoneNumber businessNumber) {
    return List.of(OptOutScope.NUMBER.key(businessId, businessNumber),
        OptOutScope.BUSINESS.key(businessId, businessNumber),
        OptOutScope.ACCOUNT.key(businessId, businessNumber));
  }
}
