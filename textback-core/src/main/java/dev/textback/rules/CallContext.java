package dev.textback.rules;

import dev.textback.business.BusinessProfile;
import dev.textback.call.CallEvent;
import dev.textback.phone.CallerId;

/**
 * What a rule sees: the call, the business it reached (absent for an unknown dialled number) and the
 * interpreted caller ID.
 */
public record CallContext(CallEvent event, BusinessProfile businessOrNull, CallerId caller) {}
