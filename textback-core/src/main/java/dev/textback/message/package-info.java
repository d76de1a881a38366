/** Inbound texts and delivery receipts, normalised across carriers. */
package dev.textback.message;
