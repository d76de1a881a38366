/** Inbound texts, delivery receipts and permanent failure reasons, normalised across carriers. */
@NullMarked
package dev.textback.message;

import org.jspecify.annotations.NullMarked;
