/** Vonage adapter for textback. Planned: it will mirror the Twilio adapter file for file. */
@NullMarked
package dev.textback.vonage;

import org.jspecify.annotations.NullMarked;
