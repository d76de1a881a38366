/**
 * Conversations and their messages: the values the engine, the stores and the reply routers share. The
 * built-in routers and escalation notifiers live in {@link dev.textback.routing}.
 */
@NullMarked
package dev.textback.reply;

import org.jspecify.annotations.NullMarked;
