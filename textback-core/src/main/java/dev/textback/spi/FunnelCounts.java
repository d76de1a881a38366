package dev.textback.spi;

import dev.textback.rules.Reason;
import java.time.Duration;
import java.util.Map;

/**
 * Raw funnel numbers for one business and period, as a store computes them (in the database, not by
 * loading rows). A call, its text-back and its conversation all count in the period of the call's time.
 *
 * @param calls calls recorded
 * @param missed calls not answered (any outcome but ANSWERED)
 * @param decisions calls by decision reason
 * @param queued text-backs written to the outbox
 * @param sent text-backs the carrier accepted (including delivered)
 * @param delivered text-backs confirmed delivered
 * @param failed text-backs refused or undeliverable
 * @param replied conversations opened in the period (a conversation opens at its call's time) in which the
 *     caller replied
 * @param handled conversations opened in the period that were marked handled
 * @param timeToTextMean mean time from call to carrier acceptance of the text-back; zero when none
 * @param timeToTextP50 median of the same, nearest-rank (SQL {@code PERCENTILE_DISC(0.5)})
 * @param timeToTextP90 90th percentile of the same, nearest-rank (SQL {@code PERCENTILE_DISC(0.9)})
 * @param responseTimeMean mean time from the caller's first reply to the business's first response; zero
 *     when none
 */
public record FunnelCounts(long calls, long missed, Map<Reason, Long> decisions, long queued, long sent,
    long delivered, long failed, long replied, long handled, Duration timeToTextMean, Duration timeToTextP50,
    Duration timeToTextP90, Duration responseTimeMean) {
  public FunnelCounts {
    decisions = Map.copyOf(decisions);
  }
}
