/** The runnable reference server. */
package dev.textback.examples;
