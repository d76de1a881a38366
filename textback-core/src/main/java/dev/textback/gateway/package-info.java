/**
 * A gateway that sends nothing: {@link dev.textback.gateway.ConsoleSmsGateway} prints each text, for demos and
 * local development. The scriptable test double lives in {@code textback-test}.
 */
@NullMarked
package dev.textback.gateway;

import org.jspecify.annotations.NullMarked;
