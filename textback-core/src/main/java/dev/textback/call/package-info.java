/** The normalised call-event model every carrier adapter maps to. Non-null by default. */
package dev.textback.call;
