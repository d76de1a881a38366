/** textback: text back the callers a business missed. */
@NullMarked
package dev.textback;

import org.jspecify.annotations.NullMarked;
