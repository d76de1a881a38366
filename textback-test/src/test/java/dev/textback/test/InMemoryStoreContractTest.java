package dev.textback.test;

import dev.textback.spi.TextBackStore;
import dev.textback.store.InMemoryTextBackStore;

/** The in-memory store keeps the store contract. */
class InMemoryStoreContractTest extends TextBackStoreContract {
  @Override
  protected TextBackStore newStore() {
    return new InMemoryTextBackStore();
  }
}
