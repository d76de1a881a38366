/**
 * Internals of the Twilio adapter: webhook parameter access, TwiML writing and HTTP details. No
 * compatibility promise; use the types in {@code dev.textback.twilio}. Non-null by default.
 */
package dev.textback.twilio.internal;
