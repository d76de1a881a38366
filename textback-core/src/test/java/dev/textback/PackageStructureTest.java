package dev.textback;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The package structure of core, checked rather than promised. The root package is the engine facade: it
 * may use every package, and {@code internal} implements it, so those two know each other by design. Every
 * other edge must point one way.
 */
class PackageStructureTest {
  /** Core's main classes only (not its tests, not its dependencies). */
  private static final JavaClasses CORE = new ClassFileImporter()
      .importUrl(TextBack.class.getProtectionDomain().getCodeSource().getLocation());

  @Test
  void no_two_packages_below_the_root_depend_on_each_other() {
    slices().matching("dev.textback.(**)").should().beFreeOfCycles().check(CORE);
  }

  @Test
  void only_the_engine_facade_reaches_into_internal() {
    noClasses().that().resideOutsideOfPackages("dev.textback", "dev.textback.internal..")
        .should().dependOnClassesThat().resideInAPackage("dev.textback.internal..")
        .check(CORE);
  }

  @Test
  void packages_below_the_root_use_nothing_of_the_facade_but_its_exception() {
    // internal is the facade's implementation and works with its listener and result types; the carrier kit
    // hands adapters the engine's answers (a call's decision, an inbound text's result), never the engine.
    noClasses().that().resideInAPackage("dev.textback.(*)..").and().resideOutsideOfPackage("dev.textback.internal..")
        .and().resideOutsideOfPackage("dev.textback.carrier..")
        .should().dependOnClassesThat(resideInAPackage("dev.textback").and(not(equivalentTo(TextBackException.class))))
        .check(CORE);
    noClasses().that().resideInAPackage("dev.textback.carrier..")
        .should().dependOnClassesThat(resideInAPackage("dev.textback").and(not(equivalentTo(TextBackException.class)))
            .and(not(equivalentTo(CallDecision.class))).and(not(equivalentTo(InboundResult.class))))
        .check(CORE);
  }
}
