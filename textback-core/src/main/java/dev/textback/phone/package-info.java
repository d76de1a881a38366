/** Phone numbers: the E.164 value type and caller-ID interpretation. Non-null by default. */
package dev.textback.phone;
