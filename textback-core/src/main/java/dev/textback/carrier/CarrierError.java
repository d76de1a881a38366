package dev.textback.carrier;

import org.jspecify.annotations.Nullable;
import java.util.Optional;

/**
 * What a carrier's error body says, read by the adapter's {@link SendFailures.ErrorBodyReader}. Every field may
 * be missing: the body may come from a proxy, not the carrier.
 *
 * @param code the carrier's error code, or null
 * @param message the carrier's human-readable message, or null (may quote phone numbers; masked when shown)
 * @param moreInfo a link to the carrier's documentation of the error, or null
 */
public record CarrierError(@Nullable String code, @Nullable String message, @Nullable String moreInfo) {
  private static final CarrierError NONE = new CarrierError(null, null, null);

  /** An error body that said nothing usable. */
  public static CarrierError none() {
    return NONE;
  }

  public Optional<String> codeValue() {
    return Optional.ofNullable(code);
  }

  /** ": message (more info)", with numbers masked, for an exception message; empty when there is nothing. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    if (message != null) sb.append(": ").append(maskNumbers(message));
    if (moreInfo != null) sb.append(" (").append(moreInfo).append(')');
    return LogText.escape(sb.toString());
  }

  /** Carriers' messages quote the numbers they refuse; keep those out of logs. */
  public static String maskNumbers(String text) {
    return text.replaceAll("\\+?\\d[\\d .()-]{3,}\\d", "***");
  }
}
