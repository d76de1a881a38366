package dev.textback.policy;

import dev.textback.phone.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * When a text-back may be sent, in the caller's local time. The caller's zone comes from the number's
 * prefix (libphonenumber); when a number maps to several zones the window must be open in all of them;
 * when it maps to none, the business's zone is used. Default window 08:00–21:00, and 08:00–20:00 for
 * Florida, Oklahoma and Maryland area codes. Immutable and thread-safe.
 */
public final class QuietHoursPolicy {
  /** NANP area codes of Florida, Oklahoma and Maryland, whose laws end the window at 20:00. */
  public static final Set<String> FL_OK_MD_AREA_CODES = Set.of(
      // Florida
      "239", "305", "321", "324", "352", "386", "407", "448", "561", "645", "656", "727", "728", "754", "772",
      "786", "813", "850", "863", "904", "941", "954",
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
   * Checks whether a text to {@code caller} may go out at {@code now}.
   *
   * @param fallbackZone the business's zone, used when the number maps to no zone
   */
  public QuietHoursCheck check(PhoneNumber caller, ZoneId fallbackZone, Instant now) {
    throw new UnsupportedOperationException("TODO");
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

    /** A narrower window for numbers in the given NANP area codes (default FL, OK, MD → 08:00–20:00). */
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
      if (maxDeferral.isNegative()) throw new IllegalArgumentException("maxDeferral < 0");
      this.maxDeferral = maxDeferral;
      return this;
    }

    public QuietHoursPolicy build() {
      return new QuietHoursPolicy(this);
    }
  }
}
