package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Splitting schema scripts into statements. */
class JdbcScriptSplitterTest {

  @Test
  void splits_at_semicolons_and_drops_comments() {
    String script = "-- a table\nCREATE TABLE t (id INT); -- trailing note\n/* block\ncomment */ CREATE INDEX i ON t (id);\n";

    assertThat(SqlScriptSplitter.split(script)).containsExactly("CREATE TABLE t (id INT)", "CREATE INDEX i ON t (id)");
  }

  @Test
  void keeps_semicolons_and_comment_markers_inside_quotes() {
    String script = "INSERT INTO t VALUES ('a;b', 'it''s -- not a comment');\nSELECT \"odd;name\" FROM t";

    assertThat(SqlScriptSplitter.split(script))
        .containsExactly("INSERT INTO t VALUES ('a;b', 'it''s -- not a comment')", "SELECT \"odd;name\" FROM t");
  }

  @Test
  void ignores_empty_statements() {
    assertThat(SqlScriptSplitter.split(" ;\n-- only a comment\n;;")).isEmpty();
  }
}
