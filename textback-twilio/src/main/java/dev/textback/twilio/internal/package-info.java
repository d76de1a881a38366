/**
 * Internals of the Twilio adapter: webhook parameter access, TwiML writing and HTTP details. No
 * compatibility promise; use the types in {@code dev.textback.twilio}.
 */
package dev.textback.twilio.internal;
