package dev.textback.test;

import dev.textback.TextBack;
import dev.textback.carrier.Carrier;
import dev.textback.carrier.CarrierWebhooks;

/**
 * One engine instance of the carrier kit: the engine, the adapter's carrier it was built with, and the webhooks
 * the engine made of it.
 */
record KitInstance(TextBack engine, Carrier carrier, CarrierWebhooks webhooks) {}
