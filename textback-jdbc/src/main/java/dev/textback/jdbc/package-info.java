/**
 * A {@link dev.textback.spi.TextBackStore} on the application's JDBC {@link javax.sql.DataSource}, for
 * PostgreSQL, SQLite and H2, with the schema as versioned SQL scripts under {@code dev/textback/jdbc/<dialect>/}.
 */
@NullMarked
package dev.textback.jdbc;

import org.jspecify.annotations.NullMarked;
