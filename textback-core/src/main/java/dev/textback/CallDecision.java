package dev.textback;

import dev.textback.rules.Reason;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the engine decided about a call. The same call delivered again returns the stored decision with
 * {@link #duplicate()} set.
 *
 * @param action what happens next
 * @param reason machine-readable reason
 * @param detail human-readable detail, safe for logs
 * @param dueAt when the text goes out, for QUEUED and DEFERRED; else null
 * @param outboxId the queued text, or null
 * @param conversationId the conversation, or null
 * @param duplicate true when this call had been decided before
 */
public record CallDecision(Action action, Reason reason, String detail, @Nullable Instant dueAt,
    @Nullable String outboxId, @Nullable String conversationId, boolean duplicate) {

  /** What the engine does about the call. */
  public enum Action {
    /** A text is queued for now (or after the send delay). */
    QUEUED,
    /** A text is queued for when quiet hours end. */
    DEFERRED,
    /** No text; see the reason. */
    SKIPPED
  }

  public CallDecision {
    Objects.requireNonNull(action, "action == null");
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(detail, "detail == null");
  }

  public boolean texted() {
    return action != Action.SKIPPED;
  }
}
