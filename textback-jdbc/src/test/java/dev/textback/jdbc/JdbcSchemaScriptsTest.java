package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The schema scripts in the jar, as Flyway, Liquibase and {@link JdbcTextBackStore#migrate()} read them. */
class JdbcSchemaScriptsTest {

  private static String read(JdbcDialect dialect, String name) throws IOException {
    String path = "/" + dialect.scriptLocation() + "/" + name;
    try (InputStream in = JdbcSchemaScriptsTest.class.getResourceAsStream(path)) {
      assertThat(in).as(path + " on the classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Every script of a dialect, in the order they are applied. */
  private static String all(JdbcDialect dialect) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String name : dialect.scripts()) sb.append(read(dialect, name)).append('\n');
    return sb.toString();
  }

  @ParameterizedTest
  @EnumSource(JdbcDialect.class)
  void every_script_is_named_the_way_flyway_expects(JdbcDialect dialect) throws IOException {
    assertThat(dialect.scripts()).isNotEmpty()
        .allSatisfy(name -> assertThat(name).matches("V[1-9][0-9]*__[a-z_]+\\.sql"));
    for (String name : dialect.scripts()) assertThat(read(dialect, name)).isNotBlank();
  }

  @ParameterizedTest
  @EnumSource(JdbcDialect.class)
  void statements_end_at_line_ends_so_naive_splitters_agree(JdbcDialect dialect) throws IOException {
    // Tools that split at every semicolon (Liquibase's sqlFile does by default) must see the same statements.
    String script = all(dialect);
    List<String> naive = Arrays.stream(script.split(";"))
        .map(part -> Arrays.stream(part.split("\n")).filter(line -> !line.strip().startsWith("--"))
            .collect(Collectors.joining("\n")).strip())
        .filter(part -> !part.isEmpty())
        .collect(Collectors.toList());
    List<String> split = new ArrayList<>();
    for (String statement : SqlScriptSplitter.split(script)) split.add(statement.strip());

    assertThat(split).hasSize(naive.size());
    for (int i = 0; i < split.size(); i++) {
      assertThat(split.get(i).replaceAll("\\s+", " ")).isEqualTo(naive.get(i).replaceAll("\\s+", " "));
    }
  }

  @ParameterizedTest
  @EnumSource(JdbcDialect.class)
  void every_index_says_which_query_it_serves(JdbcDialect dialect) throws IOException {
    String[] lines = all(dialect).split("\n");
    int indexes = 0;
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].startsWith("CREATE INDEX")) continue;
      indexes++;
      StringBuilder comment = new StringBuilder();
      for (int j = i - 1; j >= 0 && lines[j].startsWith("--"); j--) comment.insert(0, lines[j]);
      assertThat(comment.toString()).as("comment above " + lines[i]).containsPattern("[a-z][A-Za-z]+\\(");
    }
    assertThat(indexes).isGreaterThanOrEqualTo(10);
  }

  @ParameterizedTest
  @EnumSource(JdbcDialect.class)
  void every_dialect_creates_the_same_tables_and_indexes_as_postgresql(JdbcDialect dialect) throws IOException {
    List<String> names = new ArrayList<>();
    for (String statement : SqlScriptSplitter.split(all(dialect))) {
      names.add(statement.split("\\s+")[2]);
    }
    List<String> postgres = new ArrayList<>();
    for (String statement : SqlScriptSplitter.split(all(JdbcDialect.POSTGRESQL))) {
      postgres.add(statement.split("\\s+")[2]);
    }

    assertThat(names).isEqualTo(postgres).containsAll(TestDatabases.TABLES);
  }
}
