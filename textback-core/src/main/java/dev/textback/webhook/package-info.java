/** Framework-neutral webhook request and response values and the endpoint contract. */
@NullMarked
package dev.textback.webhook;

import org.jspecify.annotations.NullMarked;
