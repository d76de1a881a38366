/** Inbound texts, delivery receipts and permanent failure reasons, normalised across carriers. */
package dev.textback.message;
