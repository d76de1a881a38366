/** The recovery funnel: missed, texted, replied, recovered, and what it is worth. */
package dev.textback.stats;
