package dev.textback.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.template.OptOutWording;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README shows the recipes' own code: a block after {@code <!-- recipe: X.java -->} is the whole file, one
 * after {@code <!-- recipe excerpt: X.java -->} a run of its lines, character for character. So the README
 * cannot drift from code that compiles and runs.
 */
class RecipesInReadmeTest {
  private static final Path README = Path.of("../../README.md");
  private static final Path RECIPES = Path.of("src/main/java/dev/textback/recipes");
  private static final Pattern BLOCK = Pattern.compile(
      "<!-- recipe( excerpt)?: (\\w+\\.java) -->\\s*\\n```java\\n(.*?)```", Pattern.DOTALL);

  record Shown(boolean excerpt, String file, String code) {}

  private static List<Shown> shown() throws IOException {
    Matcher m = BLOCK.matcher(Files.readString(README));
    List<Shown> out = new ArrayList<>();
    while (m.find()) out.add(new Shown(m.group(1) != null, m.group(2), m.group(3)));
    return out;
  }

  private static List<String> recipeFiles() throws IOException {
    try (Stream<Path> files = Files.list(RECIPES)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("package-info.java")).sorted().toList();
    }
  }

  @Test
  void every_recipe_is_shown_in_the_readme() throws IOException {
    assertThat(shown().stream().map(Shown::file).distinct()).containsExactlyInAnyOrderElementsOf(recipeFiles());
  }

  @Test
  void whole_files_shown_are_the_files() throws IOException {
    for (Shown s : shown()) {
      if (s.excerpt()) continue;
      assertThat(s.code()).as(s.file()).isEqualTo(Files.readString(RECIPES.resolve(s.file())));
    }
  }

  @Test
  void excerpts_shown_are_runs_of_lines_of_the_files() throws IOException {
    for (Shown s : shown()) {
      if (!s.excerpt()) continue;
      String file = Files.readString(RECIPES.resolve(s.file()));
      assertThat(s.code()).as(s.file()).isNotBlank().endsWith("\n");
      assertThat("\n" + file).as(s.file()).contains("\n" + s.code());
    }
  }

  @Test
  void every_template_in_the_readme_config_says_how_to_opt_out() throws IOException {
    Matcher json = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
    List<String> templates = new ArrayList<>();
    while (json.find()) {
      if (!json.group(1).contains("\"businesses\"")) continue;
      JsonNode config = new ObjectMapper().readTree(json.group(1));
      for (JsonNode business : config.path("businesses")) {
        business.path("templates").forEach(language -> language.forEach(text -> templates.add(text.asText())));
      }
    }
    assertThat(templates).isNotEmpty().allSatisfy(t -> assertThat(OptOutWording.present(t)).as(t).isTrue());
  }
}
