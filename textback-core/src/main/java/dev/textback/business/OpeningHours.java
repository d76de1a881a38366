package dev.textback.business;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Weekly opening hours in the business's own zone: for each weekday zero or more [open, close) ranges.
 * A day with no range is closed. Immutable and thread-safe.
 */
public final class OpeningHours {
  /** One opening range on a day; {@code close} after {@code open}. */
  public record Range(LocalTime open, LocalTime close) {
    public Range {
      Objects.requireNonNull(open, "open == null");
      Objects.requireNonNull(close, "close == null");
      if (!close.isAfter(open)) throw new IllegalArgumentException("close " + close + " is not after open " + open);
    }
  }

  private final Map<DayOfWeek, List<Range>> ranges;

  private OpeningHours(Map<DayOfWeek, List<Range>> ranges) {
    EnumMap<DayOfWeek, List<Range>> copy = new EnumMap<>(DayOfWeek.class);
    ranges.forEach((d, r) -> copy.put(d, List.copyOf(r)));
    this.ranges = Collections.unmodifiableMap(copy);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Open around the clock; the default when a business declares no hours. */
  public static OpeningHours always() {
    Builder b = builder();
    for (DayOfWeek d : DayOfWeek.values()) b.open(d, LocalTime.MIN, LocalTime.MAX);
    return b.build();
  }

  /** Monday to Friday, {@code open}–{@code close}; weekends closed. */
  public static OpeningHours weekdays(LocalTime open, LocalTime close) {
    Builder b = builder();
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY) b.open(d, open, close);
    }
    return b.build();
  }

  public List<Range> on(DayOfWeek day) {
    return ranges.getOrDefault(day, List.of());
  }

  public boolean isOpenAt(ZonedDateTime at) {
    LocalTime t = at.toLocalTime();
    for (Range r : on(at.getDayOfWeek())) {
      if (!t.isBefore(r.open()) && (t.isBefore(r.close()) || r.close().equals(LocalTime.MAX))) return true;
    }
    return false;
  }

  /** The next instant at or after {@code from} when the business is open; empty if it never opens. */
  public Optional<ZonedDateTime> nextOpening(ZonedDateTime from) {
    if (isOpenAt(from)) return Optional.of(from);
    for (int i = 0; i <= 7; i++) {
      ZonedDateTime day = from.toLocalDate().plusDays(i).atStartOfDay(from.getZone());
      for (Range r : on(day.getDayOfWeek())) {
        ZonedDateTime opening = day.toLocalDate().atTime(r.open()).atZone(from.getZone());
        if (!opening.isBefore(from)) return Optional.of(opening);
      }
    }
    return Optional.empty();
  }

  /** Builds {@link OpeningHours}. Not thread-safe. */
  public static final class Builder {
    private final Map<DayOfWeek, List<Range>> ranges = new EnumMap<>(DayOfWeek.class);

    /** Adds an opening range on a day; call again for split days (e.g. a lunch break). */
    public Builder open(DayOfWeek day, LocalTime open, LocalTime close) {
      Objects.requireNonNull(day, "day == null");
      Range range;
      try {
        range = new Range(open, close);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(day + ": " + e.getMessage(), e);
      }
      ranges.computeIfAbsent(day, d -> new ArrayList<>()).add(range);
      return this;
    }

    /** Marks a day closed, dropping any range added for it. */
    public Builder closed(DayOfWeek day) {
      ranges.put(day, new ArrayList<>());
      return this;
    }

    public OpeningHours build() {
      for (Map.Entry<DayOfWeek, List<Range>> e : ranges.entrySet()) {
        List<Range> sorted = new ArrayList<>(e.getValue());
        sorted.sort((a, b) -> a.open().compareTo(b.open()));
        for (int i = 1; i < sorted.size(); i++) {
          if (sorted.get(i).open().isBefore(sorted.get(i - 1).close())) {
            throw new IllegalArgumentException(e.getKey() + ": ranges " + sorted.get(i - 1).open() + "-"
                + sorted.get(i - 1).close() + " and " + sorted.get(i).open() + "-" + sorted.get(i).close()
                + " overlap");
          }
        }
        e.setValue(sorted);
      }
      return new OpeningHours(ranges);
    }
  }
}
