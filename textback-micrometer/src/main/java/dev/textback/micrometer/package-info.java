/** Micrometer meters for a textback engine: {@link dev.textback.micrometer.TextBackMetrics}. */
@NullMarked
package dev.textback.micrometer;

import org.jspecify.annotations.NullMarked;
