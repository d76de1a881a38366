/**
 * A gateway that sends nothing: {@link dev.textback.gateway.ConsoleSmsGateway} prints each text, for demos and
 * local development. The scriptable test double lives in {@code textback-test}.
 */
package dev.textback.gateway;
