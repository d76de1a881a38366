package dev.textback.benchmarks.senders;

/** One client sending texts to the fake API: textback's gateway or an official SDK. Thread-safe. */
public interface Sender extends AutoCloseable {
  /** Sends text number {@code i} (a distinct recipient each) and returns the message id the fake answered. */
  String send(int i) throws Exception;

  @Override
  void close() throws Exception;
}
