package dev.textback.vonage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The packages of textback-vonage, checked rather than promised: no cycles, no core internals, no other carrier. */
class PackageStructureTest {
  /** This module's main classes only (not its tests, not core). */
  private static final JavaClasses MAIN = new ClassFileImporter()
      .importUrl(VonageConfig.class.getProtectionDomain().getCodeSource().getLocation());

  @Test
  void no_two_packages_depend_on_each_other() {
    slices().matching("dev.textback.(**)").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void nothing_depends_on_the_engine_internals_of_core() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.textback.internal..").check(MAIN);
  }

  @Test
  void the_adapter_knows_no_other_carrier_and_no_store() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.textback.twilio..", "dev.textback.plivo..",
        "dev.textback.jdbc..", "dev.textback.store..").check(MAIN);
  }
}
