package io.ledgerhouse.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Health, metrics, API documentation and error shape: what an operator and an API client rely on. */
@QuarkusTest
class OperationsTest {

    @Test
    void healthReportsTheDatabase() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
    }

    @Test
    void metricsAreExposedForPrometheus() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("http_server_requests_seconds"));
    }

    @Test
    void openApiDocumentsTheEndpoints() {
        given().when().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body(containsString("/api/v1/costs"))
                .body(containsString("/api/v1/imports/focus"));
    }

    @Test
    void unknownPathAnswersProblemJsonWithoutInternals() {
        given().when().get("/api/v1/nothing-here")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body(not(containsString("Exception")));
    }

    @Test
    void unsupportedContentTypeAnswersProblemJson() {
        given().contentType("application/xml").body("<a/>")
                .when().post("/api/v1/imports/focus")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("detail", containsString("text/csv"));
    }
}
