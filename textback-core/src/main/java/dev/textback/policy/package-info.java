/** Pure policy: cooldown episodes, opt-out keywords and scope, quiet hours, consent evidence. */
package dev.textback.policy;
