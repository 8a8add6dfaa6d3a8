package io.ledgerhouse.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Deny by default: every HTTP endpoint of the application — each JAX-RS resource method (any class under
 * {@code io.ledgerhouse}, so also resources added later, like the dashboard's pages in {@code io.ledgerhouse.web})
 * and each reactive route — states who may call it, on the method or its class. (At run time
 * {@code quarkus.security.jaxrs.deny-unannotated-endpoints} closes a forgotten one to everybody; this test makes the
 * omission a build failure instead of a silent 403.) {@code @PermitAll} is not accepted: nothing but health is open.
 */
class EndpointAccessDeclaredTest {

    /** Annotations that declare access. */
    private static final Set<String> DECLARATIONS = Set.of("jakarta.annotation.security.RolesAllowed",
            "jakarta.annotation.security.DenyAll", "io.quarkus.security.Authenticated",
            "io.quarkus.security.PermissionsAllowed");
    private static final String PERMIT_ALL = "jakarta.annotation.security.PermitAll";
    private static final String HTTP_METHOD = "jakarta.ws.rs.HttpMethod";
    private static final String PATH = "jakarta.ws.rs.Path";
    private static final String ROUTE = "io.quarkus.vertx.web.Route";

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ledgerhouse");

    @Test
    void everyEndpointDeclaresWhoMayCallIt() {
        List<String> endpoints = new ArrayList<>();
        List<String> undeclared = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (JavaClass c : CLASSES) {
            for (JavaMethod m : c.getMethods()) {
                if (!isEndpoint(m)) {
                    continue;
                }
                String name = c.getSimpleName() + "." + m.getName();
                endpoints.add(name);
                if (declares(m) || declares(c)) {
                    continue;
                }
                if (m.isAnnotatedWith(PERMIT_ALL) || c.isAnnotatedWith(PERMIT_ALL)) {
                    open.add(name);
                } else {
                    undeclared.add(name);
                }
            }
        }
        assertThat(endpoints).as("the scan finds the API's resource methods").hasSizeGreaterThan(40)
                .contains("CostResource.costs", "AllocationResource.statement", "TeamResource.create");
        assertThat(undeclared).as("endpoints that state no access (add @RolesAllowed with the roles of "
                + "docs/security.md)").isEmpty();
        assertThat(open).as("endpoints open to anonymous callers (@PermitAll); only health is open").isEmpty();
    }

    @Test
    void everyResourceClassIsScanned() {
        // a resource is a class with @Path, or with methods carrying an HTTP method annotation
        List<String> resources = CLASSES.stream().filter(c -> c.isAnnotatedWith(PATH)
                || c.getMethods().stream().anyMatch(EndpointAccessDeclaredTest::isEndpoint))
                .map(JavaClass::getSimpleName).toList();
        assertThat(resources).contains("AllocationResource", "BudgetResource", "CostResource", "ForecastResource",
                "ImportResource", "QueryResource", "RecommendationResource", "RuleResource", "SourceResource",
                "TeamResource", "WarehouseResource");
    }

    private static boolean isEndpoint(JavaMethod m) {
        if (m.isAnnotatedWith(ROUTE)) {
            return true;
        }
        for (JavaAnnotation<?> a : m.getAnnotations()) {
            if (a.getRawType().isAnnotatedWith(HTTP_METHOD) || a.getRawType().getName().equals(PATH)) {
                return true;
            }
        }
        return false;
    }

    private static boolean declares(com.tngtech.archunit.core.domain.properties.CanBeAnnotated element) {
        return DECLARATIONS.stream().anyMatch(element::isAnnotatedWith);
    }
}
