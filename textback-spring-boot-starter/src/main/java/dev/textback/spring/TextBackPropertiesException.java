package dev.textback.spring;

import java.util.List;

/**
 * The {@code textback.*} properties cannot make an engine. The message lists every problem found, each starting with
 * the property at fault, e.g. {@code textback.businesses[0].numbers[0].number: not a phone number}.
 */
public class TextBackPropertiesException extends IllegalStateException {
  /** Serialized form version. */
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /**
   * Reports these problems.
   *
   * @param problems one entry per problem, each naming its property
   */
  public TextBackPropertiesException(List<String> problems) {
    super("Invalid textback configuration:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * The problems, one per entry.
   *
   * @return the problems, each starting with the property at fault
   */
  public List<String> problems() {
    return problems;
  }
}
