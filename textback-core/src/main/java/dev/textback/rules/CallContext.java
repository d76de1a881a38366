package dev.textback.rules;

import dev.textback.business.BusinessProfile;
import dev.textback.call.CallEvent;
import dev.textback.phone.CallerId;
import org.jspecify.annotations.Nullable;

/**
 * What a rule sees: the call, the business it reached (null for an unknown dialled number) and the
 * interpreted caller ID.
 */
public record CallContext(CallEvent event, @Nullable BusinessProfile businessOrNull, CallerId caller) {}
