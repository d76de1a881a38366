/** Missed-call rules: whether one call should be texted, with a machine-readable reason. */
package dev.textback.rules;
