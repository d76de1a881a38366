/**
 * Vonage adapter: Voice and Messages API webhooks, signed-webhook JWT and SMS API {@code sig} checks, and SMS
 * sending through the Messages API or the SMS API. Start with {@link dev.textback.vonage.VonageConfig}, then
 * {@link dev.textback.vonage.VonageCarrier} for the engine and {@link dev.textback.vonage.VonageWebhooks} for the
 * host's routes. Non-null by default.
 */
@NullMarked
package dev.textback.vonage;

import org.jspecify.annotations.NullMarked;
