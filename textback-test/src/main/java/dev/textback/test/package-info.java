/** Contract tests every textback store and carrier adapter runs, including third-party ones. */
package dev.textback.test;
