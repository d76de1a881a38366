package dev.textback.reply;

/** Which way a conversation message went. */
public enum Direction {
  /** From the caller to the business. */
  INBOUND,
  /** From the business to the caller. */
  OUTBOUND
}
