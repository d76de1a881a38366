/**
 * The demo: the reference server with a simulated carrier, playing an afternoon of missed calls through the same
 * signed webhooks a real carrier sends.
 */
package dev.textback.demo;
