package dev.textback.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when every credential property of a carrier is set and not blank, so {@code account-sid: ${TWILIO_SID:}}
 * with the variable unset leaves the carrier off instead of failing the start. A carrier's configuration names its
 * properties with {@link ConditionalOnCarrierCredentials}.
 */
final class OnCarrierCredentials extends SpringBootCondition {
  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnCarrierCredentials.class.getName());
    String[] properties = attributes == null ? new String[0] : (String[]) attributes.get("value");
    List<String> missing = new ArrayList<>();
    for (String property : properties) {
      String value = context.getEnvironment().getProperty(property);
      if (value == null || value.isBlank()) missing.add(property);
    }
    return missing.isEmpty()
        ? ConditionOutcome.match("carrier credentials set: " + String.join(", ", properties))
        : ConditionOutcome.noMatch("carrier credentials not set: " + String.join(", ", missing));
  }
}
