package dev.textback.jdbc;

import dev.textback.rules.Reason;
import dev.textback.spi.FunnelCounts;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** The funnel queries: aggregates computed by the database, one statement per table. */
final class FunnelQuery {
  private final Connection c;
  private final JdbcDialect dialect;
  private final String businessId;
  private final Instant from;
  private final Instant to;

  FunnelQuery(Connection c, JdbcDialect dialect, String businessId, Instant from, Instant to) {
    this.c = c;
    this.dialect = dialect;
    this.businessId = businessId;
    this.from = from;
    this.to = to;
  }

  /** Microseconds from {@code start} to {@code end}, as a BIGINT expression. */
  private String micros(String start, String end) {
    return switch (dialect) {
      case POSTGRESQL -> "CAST(EXTRACT(EPOCH FROM (" + end + " - " + start + ")) * 1000000 AS BIGINT)";
      case H2 -> "DATEDIFF(MICROSECOND, " + start + ", " + end + ")";
      // SQLite keeps instants as microseconds already.
      case SQLITE -> "(" + end + " - " + start + ")";
    };
  }

  /**
   * The nearest-rank percentile of {@code value} over the text-backs of the period, as a column of the text-back
   * query, on PostgreSQL; NULL on SQLite, which has no PERCENTILE_DISC, and on H2, whose PERCENTILE_DISC picks a lower
   * rank for some counts (0.9 of 6 values gives the fifth, not the sixth): both get it from {@link #nearestRank}.
   */
  private String percentile(int percent, String value) {
    return dialect != JdbcDialect.POSTGRESQL ? "NULL"
        : "PERCENTILE_DISC(" + percent / 100.0 + ") WITHIN GROUP (ORDER BY " + value + ")";
  }

  /**
   * PERCENTILE_DISC by hand: the value whose rank is the first to reach {@code percent} of the count, i.e. the
   * {@code ceil(percent / 100 * n)}-th smallest, compared in integers so no rounding decides a rank.
   */
  private Duration nearestRank(int percent, String value) throws SQLException {
    return Sql.first(c, "SELECT v FROM (SELECT v, ROW_NUMBER() OVER (ORDER BY v) AS r, COUNT(*) OVER () AS n"
        + " FROM (SELECT " + value + " AS v FROM textback_outbox WHERE business_id = ? AND kind = '"
        + OutboxKind.TEXT_BACK + "' AND called_at >= ? AND called_at < ?) AS texts WHERE v IS NOT NULL) AS ranked"
        + " WHERE r * 100 >= " + percent + " * n ORDER BY r LIMIT 1", this::period, rs -> duration(rs, 1))
        .orElse(Duration.ZERO);
  }

  private void period(PreparedStatement ps) throws SQLException {
    ps.setString(1, businessId);
    Rows.setInstant(ps, 2, from);
    Rows.setInstant(ps, 3, to);
  }

  FunnelCounts run() throws SQLException {
    long[] calls = Sql.first(c, "SELECT COUNT(*), COUNT(*) FILTER (WHERE outcome <> 'ANSWERED')"
        + " FROM textback_call WHERE business_id = ? AND called_at >= ? AND called_at < ?", this::period,
        rs -> new long[] {rs.getLong(1), rs.getLong(2)}).orElseThrow();

    Map<Reason, Long> decisions = new EnumMap<>(Reason.class);
    Sql.list(c, "SELECT reason, COUNT(*) FROM textback_call WHERE business_id = ? AND called_at >= ?"
        + " AND called_at < ? GROUP BY reason", this::period, rs -> {
          decisions.put(Reason.valueOf(rs.getString(1)), rs.getLong(2));
          return null;
        });

    String timeToText = micros("called_at", "sent_at");
    TextBacks texts = Sql.first(c, "SELECT COUNT(*),"
        + " COUNT(*) FILTER (WHERE sent_at IS NOT NULL),"
        + " COUNT(*) FILTER (WHERE status = '" + OutboxStatus.DELIVERED + "'),"
        + " COUNT(*) FILTER (WHERE status = '" + OutboxStatus.FAILED + "'),"
        + " AVG(" + timeToText + "),"
        + " " + percentile(50, timeToText) + ","
        + " " + percentile(90, timeToText)
        + " FROM textback_outbox WHERE business_id = ? AND kind = '" + OutboxKind.TEXT_BACK + "'"
        + " AND called_at >= ? AND called_at < ?", this::period,
        rs -> new TextBacks(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), duration(rs, 5),
            duration(rs, 6), duration(rs, 7))).orElseThrow();
    if (dialect != JdbcDialect.POSTGRESQL) {
      texts = new TextBacks(texts.queued, texts.sent, texts.delivered, texts.failed, texts.mean,
          nearestRank(50, timeToText), nearestRank(90, timeToText));
    }

    // A conversation counts in the period of the call that opened it.
    long[] conversations = new long[2];
    Duration responseMean = Sql.first(c, "SELECT"
        + " COUNT(*) FILTER (WHERE cv.first_reply_at IS NOT NULL),"
        + " COUNT(*) FILTER (WHERE cv.handled_at IS NOT NULL),"
        + " AVG(" + micros("cv.first_reply_at", "cv.first_response_at") + ")"
        + " FROM textback_conversation cv JOIN textback_call c ON c.carrier = cv.carrier AND c.call_id = cv.call_id"
        + " WHERE cv.business_id = ? AND c.business_id = cv.business_id AND c.called_at >= ? AND c.called_at < ?",
        this::period, rs -> {
          conversations[0] = rs.getLong(1);
          conversations[1] = rs.getLong(2);
          return duration(rs, 3);
        }).orElseThrow();

    return new FunnelCounts(calls[0], calls[1], decisions, texts.queued, texts.sent, texts.delivered,
        texts.failed, conversations[0], conversations[1], texts.mean, texts.p50, texts.p90, responseMean);
  }

  /** A microsecond count (possibly fractional, from AVG) as a Duration; zero for NULL (no rows). */
  private static Duration duration(ResultSet rs, int column) throws SQLException {
    BigDecimal micros = rs.getBigDecimal(column);
    if (micros == null) return Duration.ZERO;
    return Duration.ofNanos(micros.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact());
  }

  private record TextBacks(long queued, long sent, long delivered, long failed, Duration mean, Duration p50,
      Duration p90) {}
}
