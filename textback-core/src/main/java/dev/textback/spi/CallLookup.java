package dev.textback.spi;

import org.jspecify.annotations.Nullable;

/**
 * What deciding about a missed call reads before it locks anything ({@link StoreTransaction#lookUpCall}): an
 * earlier decision about the same call, an opt-out of the caller, and a report that the caller's number cannot
 * receive texts.
 *
 * @param call the call already decided under the same carrier and call id (a redelivered webhook), or null
 * @param optOut the caller's first opt-out under the keys asked for, in their order, or null
 * @param unreachable what a carrier reported about the caller's number, or null
 */
public record CallLookup(@Nullable CallRecord call, @Nullable OptOutRecord optOut,
    @Nullable UnreachableNumber unreachable) {}
