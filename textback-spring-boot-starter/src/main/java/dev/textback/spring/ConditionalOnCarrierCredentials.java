package dev.textback.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/** Wires a carrier only when all of its credential properties are set and not blank. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnCarrierCredentials.class)
@interface ConditionalOnCarrierCredentials {
  /**
   * The credential properties, e.g. {@code textback.twilio.account-sid}.
   *
   * @return the property names
   */
  String[] value();
}
