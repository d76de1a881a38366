/** Framework-neutral webhook request and response values and the endpoint contract. */
package dev.textback.webhook;
