package dev.textback.policy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Result of checking the caller's local time against the permitted window; also the evidence of which
 * zones and window were applied.
 *
 * @param open true when the window is open in every zone
 * @param nextOpening {@code now} when open, else the first instant at which it is open in every zone
 * @param zones the zones checked (the caller's, or the business's when the number maps to none)
 * @param windowStart start of the permitted window (local time)
 * @param windowEnd end of the permitted window (local time, exclusive); before start means it spans midnight
 */
public record QuietHoursCheck(boolean open, Instant nextOpening, List<ZoneId> zones, LocalTime windowStart,
    LocalTime windowEnd) {
  public QuietHoursCheck {
    zones = List.copyOf(zones);
  }
}
