/**
 * Internals of the Twilio adapter: TwiML writing. No
 * compatibility promise; use the types in {@code dev.textback.twilio}. Non-null by default.
 */
@NullMarked
package dev.textback.twilio.internal;

import org.jspecify.annotations.NullMarked;
