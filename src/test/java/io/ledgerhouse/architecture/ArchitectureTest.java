package io.ledgerhouse.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layering of ARCHITECTURE.md: engines ({@code ..engine..} packages and {@code domain}) are plain Java with
 * no framework, database or clock; REST resources go through services, never repositories.
 */
class ArchitectureTest {

    private static final String[] ENGINES = {"io.ledgerhouse..engine..", "io.ledgerhouse.domain.."};
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.ledgerhouse");
    }

    @Test
    void enginesUseNoFrameworkAndNoDatabase() {
        ArchRule rule = noClasses().that().resideInAnyPackage(ENGINES)
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "javax..", "io.quarkus..",
                        "org.hibernate..", "java.sql..", "org.postgresql..", "io.agroal..", "io.smallrye..",
                        "org.jboss..", "io.ledgerhouse.store..", "io.ledgerhouse.api..")
                .because("engines are plain Java: records in, records out (CONVENTIONS.md)");
        rule.check(classes);
    }

    @Test
    void enginesDoNotReadTheClock() {
        ArchRule rule = noClasses().that().resideInAnyPackage(ENGINES)
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.LocalDate.class, "now")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.OffsetDateTime.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .because("engines take time as input so they can be tested and replayed");
        rule.check(classes);
    }

    @Test
    void resourcesDoNotTouchRepositories() {
        ArchRule rule = noClasses().that().resideInAnyPackage("io.ledgerhouse.api..", "io.ledgerhouse.web..")
                .should().dependOnClassesThat().resideInAPackage("io.ledgerhouse.store..")
                .because("resources and pages call services; services own the store");
        rule.check(classes);
    }
}
