/** Business profiles: numbers, hours, templates and policies, looked up by dialled number. */
@NullMarked
package dev.textback.business;

import org.jspecify.annotations.NullMarked;
