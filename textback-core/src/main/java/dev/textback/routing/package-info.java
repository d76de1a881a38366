/**
 * The built-in {@link dev.textback.spi.ReplyRouter}s and {@link dev.textback.spi.EscalationNotifier}s: a
 * signed CRM webhook, the owner's phone, an in-memory inbox, and a router that fans out to several.
 */
@NullMarked
package dev.textback.routing;

import org.jspecify.annotations.NullMarked;
