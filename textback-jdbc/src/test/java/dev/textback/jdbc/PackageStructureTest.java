package dev.textback.jdbc;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.textback.TextBackException;
import org.junit.jupiter.api.Test;

/** The packages of textback-jdbc, checked rather than promised: no cycles, and core seen only through its SPI. */
class PackageStructureTest {
  /** This module's main classes only (not its tests, not core). */
  private static final JavaClasses MAIN = new ClassFileImporter()
      .importUrl(JdbcTextBackStore.class.getProtectionDomain().getCodeSource().getLocation());

  @Test
  void no_two_packages_depend_on_each_other() {
    slices().matching("dev.textback.(**)").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void nothing_depends_on_the_engine_internals_of_core() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.textback.internal..").check(MAIN);
  }

  @Test
  void the_store_sees_core_only_through_the_store_spi_and_its_values() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.textback.routing..", "dev.textback.gateway..",
        "dev.textback.store..", "dev.textback.stats..", "dev.textback.template..").check(MAIN);
    noClasses().should().dependOnClassesThat(resideInAPackage("dev.textback")
        .and(not(equivalentTo(TextBackException.class)))).check(MAIN);
  }
}
