/** Plivo adapter for textback. Planned: it will mirror the Twilio adapter file for file. */
@NullMarked
package dev.textback.plivo;

import org.jspecify.annotations.NullMarked;
