package dev.vfiopolicy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the layering visible: a pure domain, adapters beside it, the command layer on top. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.vfiopolicy");

  @Test
  void domainKnowsNothingOfFilesTerminalsOrLibraries() {
    noClasses()
        .that().resideInAnyPackage("..model..", "..engine..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("picocli..", "com.fasterxml..", "org.apache.commons.csv..",
            "dev.cel..", "java.io..", "java.nio..", "dev.vfiopolicy.yaml..",
            "dev.vfiopolicy.app..", "dev.vfiopolicy.cli..", "dev.vfiopolicy.report..")
        .check(CLASSES);
  }

  @Test
  void onlyTheCommandLayerTouchesStdioOrExits() {
    noClasses()
        .that().resideOutsideOfPackage("..cli..")
        .should().accessField(System.class, "out")
        .orShould().accessField(System.class, "err")
        .orShould().callMethod(System.class, "exit", int.class)
        .check(CLASSES);
  }

  @Test
  void nothingButTheCommandLayerUsesPicocli() {
    noClasses()
        .that().resideOutsideOfPackage("..cli..")
        .should().dependOnClassesThat().resideInAPackage("picocli..")
        .check(CLASSES);
  }

  @Test
  void onlyThePolicyAndClaimAdaptersUseCel() {
    noClasses()
        .that().resideOutsideOfPackages("..policy..", "..claims..")
        .should().dependOnClassesThat().resideInAPackage("dev.cel..")
        .check(CLASSES);
  }
}
