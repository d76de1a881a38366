/**
 * The in-memory {@link dev.textback.spi.TextBackStore}. The store SPI and the values it persists live in
 * {@link dev.textback.spi}.
 */
@NullMarked
package dev.textback.store;

import org.jspecify.annotations.NullMarked;
