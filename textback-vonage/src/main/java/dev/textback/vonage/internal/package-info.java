/**
 * Internals of the Vonage adapter: NCCO writing and JSON reading. No compatibility promise; use the types in
 * {@code dev.textback.vonage}. Non-null by default.
 */
@NullMarked
package dev.textback.vonage.internal;

import org.jspecify.annotations.NullMarked;
