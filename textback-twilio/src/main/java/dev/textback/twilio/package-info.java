/**
 * Twilio adapter: voice and SMS webhooks, X-Twilio-Signature checks and the Messages API. Start with
 * {@link dev.textback.twilio.TwilioConfig}, then {@link dev.textback.twilio.TwilioSmsGateway} for the engine and
 * {@link dev.textback.twilio.TwilioWebhooks} for the host's routes. Non-null by default.
 */
@NullMarked
package dev.textback.twilio;

import org.jspecify.annotations.NullMarked;
