/**
 * Plivo adapter: voice and SMS callbacks, {@code X-Plivo-Signature-V3} (and V2) checks and the Send Message API.
 * Start with {@link dev.textback.plivo.PlivoConfig}, then {@link dev.textback.plivo.PlivoCarrier} for
 * {@code TextBack.builder().carrier(...)}; {@link dev.textback.plivo.PlivoWebhooks} lists the routes a host
 * mounts. Non-null by default.
 */
@NullMarked
package dev.textback.plivo;

import org.jspecify.annotations.NullMarked;
