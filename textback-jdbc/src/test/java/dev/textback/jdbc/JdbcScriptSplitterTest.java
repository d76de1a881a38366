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
  void keeps_a_dollar_quoted_function_body_whole() {
    String body = "BEGIN\n  -- a comment; kept\n  DELETE FROM t WHERE note = 'x;y';\n  RETURN NULL;\nEND";
    String script = "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$" + body + "$$;\n"
        + "CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $q$ SELECT 'a;$$b' $q$;\nDROP TABLE t;";

    assertThat(SqlScriptSplitter.split(script)).containsExactly(
        "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$" + body + "$$",
        "CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $q$ SELECT 'a;$$b' $q$",
        "DROP TABLE t");
  }

  @Test
  void a_dollar_sign_that_starts_no_tag_is_plain_text() {
    assertThat(SqlScriptSplitter.split("SELECT a$b, $1 FROM t; SELECT 2"))
        .containsExactly("SELECT a$b, $1 FROM t", "SELECT 2");
  }

  @Test
  void ignores_empty_statements() {
    assertThat(SqlScriptSplitter.split(" ;\n-- only a comment\n;;")).isEmpty();
  }
}
