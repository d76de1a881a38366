/** Message templates, language choice and SMS segment arithmetic. Non-null by default. */
package dev.textback.template;
