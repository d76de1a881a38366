/** What adapters, stores and integrations implement: gateways, stores, routers, directories, webhooks. */
package dev.textback.spi;
