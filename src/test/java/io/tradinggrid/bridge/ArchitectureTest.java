package io.tradinggrid.bridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The house rules: the product stands apart from its test doubles, and its feature packages form no circles. */
class ArchitectureTest {

    private static JavaClasses product;

    @BeforeAll
    static void importMainClasses() {
        // the product's classes are the compiled main sources; reading that folder instead of scanning every jar on the
        // class path for the package gives the same classes in a fraction of the time
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPath(Path.of("target/classes"));
    }

    @Test
    void should_keep_the_product_free_of_emulator_and_sandbox_code() {
        noClasses().that().resideInAPackage("io.tradinggrid.bridge..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tradinggrid.emulator..", "io.tradinggrid.sandbox..")
                .because("the bridge ships without its test doubles and must work against the real systems")
                .check(product);
    }

    @Test
    void should_keep_the_emulators_independent_of_the_product() {
        noClasses().that().resideInAPackage("io.tradinggrid.emulator..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tradinggrid.bridge..", "io.tradinggrid.sandbox..")
                .because("an emulator follows the real system's API, not the bridge's code")
                .check(product);
    }

    @Test
    void should_have_no_import_circles_between_feature_packages() {
        slices().matching("io.tradinggrid.bridge.(*)..").should().beFreeOfCycles().check(product);
    }

    @Test
    void should_have_no_import_circles_between_emulator_packages() {
        slices().matching("io.tradinggrid.emulator.(*)..").should().beFreeOfCycles().check(product);
    }
}
