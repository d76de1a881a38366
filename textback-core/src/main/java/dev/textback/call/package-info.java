/** The normalised call-event model every carrier adapter maps to. Non-null by default. */
@NullMarked
package dev.textback.call;

import org.jspecify.annotations.NullMarked;
