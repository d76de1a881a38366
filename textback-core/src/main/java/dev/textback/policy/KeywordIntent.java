package dev.textback.policy;

/** What an inbound message asks for, before any conversation logic. */
public enum KeywordIntent {
  OPT_OUT,
  OPT_IN,
  HELP,
  /** An ordinary message. */
  NONE
}
