/** The engine's moving parts. No compatibility promise: use the {@code dev.textback.TextBack} facade. */
package dev.textback.internal;
