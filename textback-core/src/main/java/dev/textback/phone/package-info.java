/** Phone numbers: the E.164 value type and caller-ID interpretation. Non-null by default. */
@NullMarked
package dev.textback.phone;

import org.jspecify.annotations.NullMarked;
