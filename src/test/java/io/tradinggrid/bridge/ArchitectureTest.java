package io.tradinggrid.bridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules: the product stands apart from its test doubles, and its feature packages form no circles. Each
 * rule is shown to hold for the shipped classes and to catch a class that breaks it (fixtures in the test tree).
 */
class ArchitectureTest {

    private static final ArchRule PRODUCT_APART = noClasses().that().resideInAPackage("io.tradinggrid.bridge..")
            .should().dependOnClassesThat().resideInAnyPackage("io.tradinggrid.emulator..", "io.tradinggrid.sandbox..")
            .because("the bridge ships without its test doubles and must work against the real systems");
    private static final ArchRule EMULATORS_APART = noClasses().that().resideInAPackage("io.tradinggrid.emulator..")
            .should().dependOnClassesThat().resideInAnyPackage("io.tradinggrid.bridge..", "io.tradinggrid.sandbox..")
            .because("an emulator follows the real system's API, not the bridge's code");
    private static final ArchRule FEATURES_ACYCLIC = slices().matching("io.tradinggrid.bridge.(*)..").should().beFreeOfCycles();
    private static final ArchRule EMULATORS_ACYCLIC = slices().matching("io.tradinggrid.emulator.(*)..").should().beFreeOfCycles();

    private static JavaClasses shipped;
    private static JavaClasses fixtures;

    @BeforeAll
    static void importClasses() {
        // the compiled main sources are the shipped classes; reading that folder is much faster than scanning every jar
        shipped = new ClassFileImporter().importPath(Path.of("target/classes"));
        fixtures = new ClassFileImporter().importPackages("io.tradinggrid.bridge.archfixture", "io.tradinggrid.bridge.archcyclea",
                "io.tradinggrid.bridge.archcycleb");
    }

    @Test
    void should_read_the_product_and_the_emulators_it_checks() {
        assertThat(shipped.stream().filter(c -> c.getPackageName().startsWith("io.tradinggrid.bridge."))).hasSizeGreaterThan(100);
        assertThat(shipped.stream().filter(c -> c.getPackageName().startsWith("io.tradinggrid.emulator."))).hasSizeGreaterThan(50);
    }

    @Test
    void should_keep_the_product_free_of_emulator_and_sandbox_code() {
        assertHolds(PRODUCT_APART, shipped);
        assertThat(PRODUCT_APART.evaluate(fixtures).hasViolation()).as("a product class using an emulator is caught").isTrue();
    }

    @Test
    void should_keep_the_emulators_independent_of_the_product() {
        assertHolds(EMULATORS_APART, shipped);
    }

    @Test
    void should_have_no_import_circles_between_feature_packages() {
        assertHolds(FEATURES_ACYCLIC, shipped);
        EvaluationResult circle = FEATURES_ACYCLIC.evaluate(fixtures);
        assertThat(circle.hasViolation()).as("an import circle between two packages is caught").isTrue();
        assertThat(circle.getFailureReport().toString()).contains("archcyclea").contains("archcycleb");
    }

    @Test
    void should_have_no_import_circles_between_emulator_packages() {
        assertHolds(EMULATORS_ACYCLIC, shipped);
    }

    private static void assertHolds(ArchRule rule, JavaClasses classes) {
        EvaluationResult result = rule.evaluate(classes);
        assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
    }
}
