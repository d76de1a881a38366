/** What the store persists, and the in-memory store. */
package dev.textback.store;
