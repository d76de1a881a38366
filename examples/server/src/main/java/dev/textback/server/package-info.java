/** The runnable reference server. */
@NullMarked
package dev.textback.server;

import org.jspecify.annotations.NullMarked;
