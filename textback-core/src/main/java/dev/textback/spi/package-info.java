/**
 * What adapters, stores and integrations implement (gateways, stores, routers, notifiers, directories,
 * webhooks) and the values that cross that boundary: outbox entries, decided calls, opt-outs, unreachable
 * numbers and funnel counts.
 */
@NullMarked
package dev.textback.spi;

import org.jspecify.annotations.NullMarked;
