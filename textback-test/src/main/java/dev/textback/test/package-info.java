/**
 * Contract tests every textback store and carrier adapter runs, including third-party ones, and test doubles
 * for apps built on textback ({@link dev.textback.test.RecordingSmsGateway}).
 */
@NullMarked
package dev.textback.test;

import org.jspecify.annotations.NullMarked;
