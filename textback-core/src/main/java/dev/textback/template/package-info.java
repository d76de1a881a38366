/** Message templates, language choice and SMS segment arithmetic. Non-null by default. */
@NullMarked
package dev.textback.template;

import org.jspecify.annotations.NullMarked;
