package dev.textback.internal;

import dev.textback.spi.OutboxEntry;
import java.util.Optional;

/**
 * What the dispatchers tell operators before an attempt that may repeat an earlier one, chosen apart from the
 * logger so the choice can be tested. Only a claim taken over from one that lapsed unfinished (its engine stopped,
 * or could not record the result) is reported here. An ordinary retry after an attempt that may have been
 * accepted is reported once, when the retry is scheduled, and not again at every later attempt.
 */
public final class RepeatWarnings {
  private RepeatWarnings() {}

  /** The warning before sending a claimed text, or empty. */
  public static Optional<String> beforeSend(OutboxEntry claimed) {
    if (!claimed.takenOver()) return Optional.empty();
    return Optional.of("entry " + claimed.id() + " was claimed before by an engine that stopped mid-send (its claim"
        + " lapsed unfinished); the carrier may get it twice");
  }

  /** The warning before handing claimed routing work to the router or notifier, or empty. */
  public static Optional<String> beforeRouting(OutboxEntry claimed) {
    if (!claimed.takenOver()) return Optional.empty();
    return Optional.of(claimed.kind() + " " + claimed.id() + " was claimed before by an engine that stopped"
        + " mid-route (its claim lapsed unfinished); handing it over again, flagged as a possible duplicate");
  }
}
