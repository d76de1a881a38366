/** Twilio adapter: voice and SMS webhooks, X-Twilio-Signature checks and the Messages API. */
package dev.textback.twilio;
