package dev.textback.recipes;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a recipe's {@code main} and returns what it printed on standard output. */
final class Printed {
  private Printed() {}

  interface Main {
    void run(String[] args) throws Exception;
  }

  static String by(Main main, String... args) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      main.run(args);
    } finally {
      System.setOut(original);
    }
    String printed = captured.toString(StandardCharsets.UTF_8);
    original.print(printed); // still shown in the build log
    return printed;
  }
}
