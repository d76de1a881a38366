package dev.textback.policy;

import dev.textback.phone.PhoneNumber;
import dev.textback.phone.PhoneNumbers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a text-back may be sent, in the caller's local time. The caller's zone comes from the number's
 * prefix (libphonenumber); when a number maps to several zones the window must be open in all of them;
 * when it maps to none, the business's zone is used. Default window 08:00–21:00, narrowed to 08:00–20:00 for
 * Florida, Oklahoma and Maryland area codes. Immutable and thread-safe.
 */
public final class QuietHoursPolicy {
  private static final Logger log = LoggerFactory.getLogger(QuietHoursPolicy.class);

  /** How far ahead to look for an opening: zones whose windows overlap at all do so every day or two. */
  private static final int SEARCH_DAYS = 8;

  /** NANP area codes of Florida, Oklahoma and Maryland, whose laws end the window at 20:00. */
  public static final Set<String> FL_OK_MD_AREA_CODES = Set.of(
      // Florida
      "239", "305", "321", "324", "352", "386", "407", "448", "561", "645", "656", "727", "728", "754", "772",
      "689", "786", "813", "850", "863", "904", "941", "954",
      // Oklahoma
      "405", "539", "572", "580", "918",
      // Maryland
      "227", "240", "301", "410", "443", "667");

  private final LocalTime start;
  private final LocalTime end;
  private final LocalTime strictStart;
  private final LocalTime strictEnd;
  private final Set<String> strictAreaCodes;
  private final QuietHoursMode mode;
  private final Duration maxDeferral;

  private QuietHoursPolicy(Builder b) {
    this.start = b.start;
    this.end = b.end;
    this.strictStart = b.strictStart;
    this.strictEnd = b.strictEnd;
    this.strictAreaCodes = Set.copyOf(b.strictAreaCodes);
    this.mode = b.mode;
    this.maxDeferral = b.maxDeferral;
  }

  public static QuietHoursPolicy defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public QuietHoursMode mode() {
    return mode;
  }

  /** A deferred text older than this (measured from the call) is dropped rather than sent late. */
  public Duration maxDeferral() {
    return maxDeferral;
  }

  public LocalTime windowStart() {
    return start;
  }

  public LocalTime windowEnd() {
    return end;
  }

  /**
   * Checks whether a text to {@code caller} may go out at {@code now}. The window applies in each of the
   * number's zones; the text may go out only when the local time is inside it in all of them. If those
   * zones are so far apart that the window is never open in all at once, the business's zone is used. A number in
   * one of the strict window's area codes must be inside both windows: a state's limit narrows the business's
   * hours, it never widens them. Should the two never overlap, the window never opens for such a number: the check
   * is closed, with a next opening eight days ahead.
   *
   * @param fallbackZone the business's zone, used when the number maps to no zone
   * @return the decision, the next opening (exact across DST changes) and the zones and window applied
   */
  public QuietHoursCheck check(PhoneNumber caller, ZoneId fallbackZone, Instant now) {
    Objects.requireNonNull(caller, "caller == null");
    Objects.requireNonNull(fallbackZone, "fallbackZone == null");
    Objects.requireNonNull(now, "now == null");
    boolean strict = PhoneNumbers.nanpAreaCode(caller).map(strictAreaCodes::contains).orElse(false);
    LocalTime[] windows = strict ? new LocalTime[] {start, end, strictStart, strictEnd} : new LocalTime[] {start, end};
    List<ZoneId> zones = PhoneNumbers.timeZones(caller);
    if (zones.isEmpty()) zones = List.of(fallbackZone);

    Optional<Instant> next = nextOpening(zones, windows, now);
    if (next.isEmpty() && strict && nextOpening(List.of(ZoneOffset.UTC), windows, now).isEmpty()) {
      // No hour is both the business's and lawful there: the window never opens, so the text is held past any
      // maximum deferral (dropped), or suppressed.
      log.debug("business window {}-{} and strict window {}-{} never overlap; no text to {}", start, end,
          strictStart, strictEnd, caller.masked());
      return new QuietHoursCheck(false, now.plus(Duration.ofDays(SEARCH_DAYS)), zones, strictStart, strictEnd);
    }
    if (next.isEmpty()) {
      // The caller's zones are too far apart for the window to be open in all of them at once (possible
      // only with a narrow custom window); the business's zone is the next best presumption.
      log.debug("window {} never open in all of {} at once; using {}", List.of(windows), zones, fallbackZone);
      zones = List.of(fallbackZone);
      next = nextOpening(zones, windows, now);
    }
    Instant opening = next.orElseThrow(() -> new IllegalStateException("window never opens"));
    LocalTime[] shown = shownWindow(windows);
    return new QuietHoursCheck(opening.equals(now), opening, zones, shown[0], shown[1]);
  }

  /**
   * The one window to report for {@code windows}: their overlap when it is a single stretch of the day (two windows
   * that do not span midnight, or one always open), else the last of them, the strict one.
   */
  private static LocalTime[] shownWindow(LocalTime[] windows) {
    if (windows.length == 2) return windows;
    LocalTime aFrom = windows[0];
    LocalTime aUntil = windows[1];
    LocalTime bFrom = windows[2];
    LocalTime bUntil = windows[3];
    if (aFrom.equals(aUntil)) return new LocalTime[] {bFrom, bUntil};
    if (bFrom.equals(bUntil)) return new LocalTime[] {aFrom, aUntil};
    if (aFrom.isBefore(aUntil) && bFrom.isBefore(bUntil)) {
      LocalTime from = aFrom.isAfter(bFrom) ? aFrom : bFrom;
      LocalTime until = aUntil.isBefore(bUntil) ? aUntil : bUntil;
      if (from.isBefore(until)) return new LocalTime[] {from, until};
    }
    return new LocalTime[] {bFrom, bUntil};
  }

  private static boolean isOpen(LocalTime t, LocalTime from, LocalTime until) {
    if (from.equals(until)) return true;
    if (from.isBefore(until)) return !t.isBefore(from) && t.isBefore(until);
    return !t.isBefore(from) || t.isBefore(until);
  }

  /** Whether every window (start, end pairs) is open at {@code at} in every zone. */
  private static boolean isOpenEverywhere(List<ZoneId> zones, LocalTime[] windows, Instant at) {
    for (ZoneId zone : zones) {
      LocalTime t = at.atZone(zone).toLocalTime();
      for (int w = 0; w < windows.length; w += 2) {
        if (!isOpen(t, windows[w], windows[w + 1])) return false;
      }
    }
    return true;
  }

  /**
   * The first instant at or after {@code now} at which every window is open in every zone, searched over
   * {@link #SEARCH_DAYS} days. Being open in all zones starts either at {@code now} or at a moment one zone
   * goes from closed to open; a zone only does that when its local clock reaches a window's start or jumps
   * at a change of offset (DST). Testing exactly those moments, in order, finds the answer without
   * stepping through time, and is correct in DST gaps (a start that does not exist that day opens at the
   * jump) and overlaps (a start that happens twice opens twice).
   */
  private static Optional<Instant> nextOpening(List<ZoneId> zones, LocalTime[] windows, Instant now) {
    if (isOpenEverywhere(zones, windows, now)) return Optional.of(now);
    Instant horizon = now.plus(Duration.ofDays(SEARCH_DAYS));
    TreeSet<Instant> candidates = new TreeSet<>();
    for (ZoneId zone : zones) {
      ZoneRules rules = zone.getRules();
      LocalDate today = now.atZone(zone).toLocalDate();
      for (LocalDate d = today.minusDays(1); !d.isAfter(today.plusDays(SEARCH_DAYS)); d = d.plusDays(1)) {
        for (int w = 0; w < windows.length; w += 2) {
          LocalDateTime startAt = d.atTime(windows[w]);
          for (ZoneOffset offset : rules.getValidOffsets(startAt)) {
            candidates.add(startAt.toInstant(offset));
          }
        }
      }
      for (ZoneOffsetTransition tr = rules.nextTransition(now); tr != null && tr.getInstant().isBefore(horizon);
          tr = rules.nextTransition(tr.getInstant())) {
        candidates.add(tr.getInstant());
      }
    }
    for (Instant candidate : candidates.tailSet(now, false)) {
      if (candidate.isAfter(horizon)) break;
      if (isOpenEverywhere(zones, windows, candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }

  /** Builds a {@link QuietHoursPolicy}. Not thread-safe. */
  public static final class Builder {
    private LocalTime start = LocalTime.of(8, 0);
    private LocalTime end = LocalTime.of(21, 0);
    private LocalTime strictStart = LocalTime.of(8, 0);
    private LocalTime strictEnd = LocalTime.of(20, 0);
    private Set<String> strictAreaCodes = FL_OK_MD_AREA_CODES;
    private QuietHoursMode mode = QuietHoursMode.DEFER;
    private Duration maxDeferral = Duration.ofHours(12);

    private Builder() {}

    /** The permitted window; {@code end} before {@code start} means it spans midnight. Equal means always. */
    public Builder window(LocalTime start, LocalTime end) {
      this.start = Objects.requireNonNull(start, "start == null");
      this.end = Objects.requireNonNull(end, "end == null");
      return this;
    }

    /**
     * A narrower window for numbers in the given NANP area codes (default FL, OK, MD → 08:00–20:00). Such a number
     * gets texts only inside both this window and {@link #window}.
     */
    public Builder strictWindow(Set<String> areaCodes, LocalTime start, LocalTime end) {
      this.strictAreaCodes = Set.copyOf(areaCodes);
      this.strictStart = Objects.requireNonNull(start, "start == null");
      this.strictEnd = Objects.requireNonNull(end, "end == null");
      return this;
    }

    public Builder mode(QuietHoursMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode == null");
      return this;
    }

    public Builder maxDeferral(Duration maxDeferral) {
      if (maxDeferral.isNegative()) {
        throw new IllegalArgumentException("maxDeferral: must not be negative, was " + maxDeferral);
      }
      this.maxDeferral = maxDeferral;
      return this;
    }

    public QuietHoursPolicy build() {
      return new QuietHoursPolicy(this);
    }
  }
}
