/**
 * Gateways that send nothing: {@link dev.textback.gateway.RecordingSmsGateway} for tests and
 * {@link dev.textback.gateway.ConsoleSmsGateway} for demos.
 */
package dev.textback.gateway;
