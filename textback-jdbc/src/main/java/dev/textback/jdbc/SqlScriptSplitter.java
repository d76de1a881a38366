package dev.textback.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a schema script into statements at semicolons that are outside comments and quotes, dropping the
 * comments. Enough for the plain DDL the schema scripts hold (no procedural bodies).
 */
final class SqlScriptSplitter {
  private SqlScriptSplitter() {}

  static List<String> split(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int n = script.length();
    int i = 0;
    while (i < n) {
      char ch = script.charAt(i);
      if (ch == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        while (i < n && script.charAt(i) != '\n') i++;
      } else if (ch == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
        int end = script.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        current.append(' ');
      } else if (ch == '\'' || ch == '"') {
        int end = closingQuote(script, i);
        current.append(script, i, end);
        i = end;
      } else if (ch == ';') {
        add(statements, current);
        i++;
      } else {
        current.append(ch);
        i++;
      }
    }
    add(statements, current);
    return statements;
  }

  /** Index just past the quote that closes the one at {@code start}; a doubled quote is an escaped one. */
  private static int closingQuote(String s, int start) {
    char quote = s.charAt(start);
    int i = start + 1;
    while (i < s.length()) {
      if (s.charAt(i) == quote) {
        if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return s.length();
  }

  private static void add(List<String> statements, StringBuilder current) {
    String statement = current.toString().strip();
    if (!statement.isEmpty()) statements.add(statement);
    current.setLength(0);
  }
}
