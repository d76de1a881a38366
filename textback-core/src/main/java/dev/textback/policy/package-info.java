/** Pure policy: cooldown episodes, opt-out keywords and scope, quiet hours, consent evidence. */
@NullMarked
package dev.textback.policy;

import org.jspecify.annotations.NullMarked;
