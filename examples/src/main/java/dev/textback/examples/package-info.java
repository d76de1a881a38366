/** The runnable reference server. */
@NullMarked
package dev.textback.examples;

import org.jspecify.annotations.NullMarked;
