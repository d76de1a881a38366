/**
 * Internals of the Plivo adapter: Plivo XML writing. No compatibility promise; use the types in
 * {@code dev.textback.plivo}. Non-null by default.
 */
@NullMarked
package dev.textback.plivo.internal;

import org.jspecify.annotations.NullMarked;
