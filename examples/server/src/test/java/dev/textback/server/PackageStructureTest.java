package dev.textback.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The packages of the reference server, checked rather than promised: no cycles, and nothing of core's internals. */
class PackageStructureTest {
  /** This module's main classes only (not its tests, not core). */
  private static final JavaClasses MAIN = new ClassFileImporter()
      .importUrl(TextbackServer.class.getProtectionDomain().getCodeSource().getLocation());

  @Test
  void no_two_packages_depend_on_each_other() {
    slices().matching("dev.textback.(**)").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void nothing_depends_on_the_engine_internals_of_core() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.textback.internal..").check(MAIN);
  }
}
