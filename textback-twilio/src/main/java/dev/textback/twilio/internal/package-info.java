/**
 * Internals of the Twilio adapter: TwiML writing. No
 * compatibility promise; use the types in {@code dev.textback.twilio}. Non-null by default.
 */
package dev.textback.twilio.internal;
