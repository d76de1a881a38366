/** The engine's moving parts. No compatibility promise: use the {@code dev.textback.TextBack} facade. */
@NullMarked
package dev.textback.internal;

import org.jspecify.annotations.NullMarked;
