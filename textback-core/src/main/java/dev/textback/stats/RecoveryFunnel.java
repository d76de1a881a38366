package dev.textback.stats;

import dev.textback.spi.FunnelCounts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;

/**
 * The recovery funnel of one business over a period: how many missed calls were texted, how many callers
 * replied (recovered), and what that is worth.
 *
 * @param businessId the business
 * @param from start of the period (inclusive)
 * @param to end of the period (exclusive)
 * @param counts the raw numbers from the store
 * @param texted text-backs the carrier accepted (the denominator of the recovery rate); texts withdrawn
 *     before sending, because the caller was reached another way, do not count as lost leads
 * @param recovered conversations with a caller reply
 * @param recoveryRate recovered / texted, 0 when nothing was texted
 * @param lostLeads texted − recovered
 * @param revenueRecovered recovered × the business's average job value
 */
public record RecoveryFunnel(String businessId, Instant from, Instant to, FunnelCounts counts, long texted,
    long recovered, double recoveryRate, long lostLeads, BigDecimal revenueRecovered) {

  public RecoveryFunnel {
    Objects.requireNonNull(businessId, "businessId == null");
    Objects.requireNonNull(counts, "counts == null");
    Objects.requireNonNull(revenueRecovered, "revenueRecovered == null");
  }

  /** Derives rates and revenue from raw counts. */
  public static RecoveryFunnel of(String businessId, Instant from, Instant to, FunnelCounts counts,
      BigDecimal averageJobValue) {
    long texted = counts.sent();
    long recovered = counts.replied();
    double rate = texted == 0 ? 0.0 : (double) recovered / texted;
    return new RecoveryFunnel(businessId, from, to, counts, texted, recovered, rate, Math.max(0, texted - recovered),
        averageJobValue.multiply(BigDecimal.valueOf(recovered)).setScale(2, RoundingMode.HALF_UP));
  }
}
