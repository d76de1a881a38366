package dev.textback;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the engine did with an inbound text, and what (if anything) the carrier adapter should answer with
 * straight away in its webhook response.
 *
 * @param action what happened
 * @param immediateReply text to return in the webhook response (e.g. the help text), or null
 * @param conversationId the conversation it joined, or null
 */
public record InboundResult(Action action, @Nullable String immediateReply, @Nullable String conversationId) {

  /** What happened to an inbound text. */
  public enum Action {
    /** Recorded in a conversation and handed to the reply router. */
    ROUTED,
    /** An opt-out: ledger updated, nothing routed. */
    OPTED_OUT,
    /** An opt-in after an opt-out. */
    OPTED_IN,
    /** A help request: answered with the help text, nothing routed. */
    HELP,
    /**
     * Already processed (a carrier redelivery); the immediate reply is the one the first delivery got, so the
     * carrier answers the caller the same whichever delivery's answer it acts on.
     */
    DUPLICATE,
    /** Sent to a number no business owns. */
    UNKNOWN_BUSINESS
  }

  public InboundResult {
    Objects.requireNonNull(action, "action == null");
  }

  public Optional<String> reply() {
    return Optional.ofNullable(immediateReply);
  }
}
