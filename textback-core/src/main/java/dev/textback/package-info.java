/** textback: text back the callers a business missed. */
package dev.textback;
