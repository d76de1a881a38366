/**
 * The carrier adapter kit: what every carrier adapter plugs into, so an adapter holds only its carrier's
 * facts (payload mapping, signature scheme, error codes, response format). {@link dev.textback.carrier.Carrier}
 * bundles a gateway and webhooks; {@link dev.textback.carrier.CarrierContext} is all the webhooks see of the
 * engine; {@link dev.textback.carrier.WebhookPipeline} runs every webhook (size limit, signature, parse,
 * engine, response, failure mapping); {@link dev.textback.carrier.CarrierHttp} and
 * {@link dev.textback.carrier.SendFailures} are the send kit.
 */
@NullMarked
package dev.textback.carrier;

import org.jspecify.annotations.NullMarked;
