package dev.textback.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The values available to a template when it is rendered. Immutable; build with {@link #builder()}. */
public final class TemplateValues {
  private final Map<String, String> values;

  private TemplateValues(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<String> get(String placeholder) {
    return Optional.ofNullable(values.get(placeholder));
  }

  public Map<String, String> asMap() {
    return values;
  }

  /** Collects values; a null value means "unknown" and is skipped. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();

    public Builder put(String placeholder, @Nullable String value) {
      Objects.requireNonNull(placeholder, "placeholder == null");
      if (!MessageTemplates.PLACEHOLDERS.contains(placeholder)) {
        throw new IllegalArgumentException("unknown placeholder {" + placeholder + "}");
      }
      if (value != null && !value.isBlank()) values.put(placeholder, value);
      return this;
    }

    public TemplateValues build() {
      return new TemplateValues(values);
    }
  }
}
