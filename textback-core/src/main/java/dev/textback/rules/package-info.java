/** Missed-call rules: whether one call should be texted, with a machine-readable reason. */
@NullMarked
package dev.textback.rules;

import org.jspecify.annotations.NullMarked;
