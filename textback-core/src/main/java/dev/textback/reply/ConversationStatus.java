package dev.textback.reply;

/** Where a conversation stands. */
public enum ConversationStatus {
  /** Live: the caller may reply, or has and is waiting. */
  OPEN,
  /** Someone at the business finished it; a new reply from the caller reopens it. */
  HANDLED,
  /** Over for good (superseded by a new episode, or idle past retention). */
  CLOSED
}
