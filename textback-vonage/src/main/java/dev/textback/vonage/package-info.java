/** Vonage adapter for textback. Planned: it will mirror the Twilio adapter file for file. */
package dev.textback.vonage;
