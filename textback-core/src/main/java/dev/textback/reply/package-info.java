/** Conversations, their messages, and the built-in reply routers and escalation notifiers. */
package dev.textback.reply;
