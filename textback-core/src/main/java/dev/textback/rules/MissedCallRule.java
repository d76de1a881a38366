package dev.textback.rules;

import java.util.Optional;

/**
 * One check on a call. Return a skip verdict to veto the text-back, or empty to let the next rule decide.
 * Implementations must be thread-safe and fast (they run on the webhook thread) and must not throw; an
 * exception is treated as a skip with {@link Reason#SKIPPED_BY_RULE}.
 */
@FunctionalInterface
public interface MissedCallRule {
  Optional<RuleVerdict> check(CallContext call);
}
