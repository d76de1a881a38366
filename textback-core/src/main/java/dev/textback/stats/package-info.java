/** The recovery funnel: missed, texted, replied, recovered, and what it is worth. */
@NullMarked
package dev.textback.stats;

import org.jspecify.annotations.NullMarked;
