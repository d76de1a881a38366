package dev.textback.server;

/** A configuration problem, naming the field and why, so the operator can fix it without reading code. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
