package io.ledgerhouse.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Teams and workloads: register, read, change owners, add and remove workloads, remove; every bad input named. */
@QuarkusTest
class TeamApiTest {

    @Test
    void aTeamIsRegisteredWithOwnersAndWorkloadsAndChangedWithoutLosingItsName() {
        given().contentType(ContentType.JSON).body(Map.of("name", "data-eng", "owners",
                List.of("Ana@Example.com", "li@example.com", "ana@example.com"), "costCenter", "CC-100"))
                .post("/api/v1/teams").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/teams/data-eng"))
                .body("owners", contains("ana@example.com", "li@example.com"))
                .body("costCenter", equalTo("CC-100"));
        given().contentType(ContentType.JSON).body(Map.of("name", "nightly-dbt", "description", "dbt run at 02:00"))
                .post("/api/v1/teams/data-eng/workloads").then().statusCode(201)
                .body("workloads.name", contains("nightly-dbt"));
        given().contentType(ContentType.JSON).body(Map.of("name", "ingest"))
                .post("/api/v1/teams/data-eng/workloads").then().statusCode(201)
                .body("workloads.name", contains("ingest", "nightly-dbt"));
        given().contentType(ContentType.JSON).body(Map.of("name", "ingest"))
                .post("/api/v1/teams/data-eng/workloads").then().statusCode(422)
                .body("errors[0]", startsWith("name: team 'data-eng' has a workload named 'ingest'"));

        given().contentType(ContentType.JSON).body(Map.of("owners", List.of("ops@example.com")))
                .put("/api/v1/teams/data-eng").then().statusCode(200)
                .body("owners", contains("ops@example.com")).body("workloads.name", hasItems("ingest"));
        given().contentType(ContentType.JSON).body(Map.of("name", "renamed", "owners", List.of()))
                .put("/api/v1/teams/data-eng").then().statusCode(422)
                .body("errors[0]", startsWith("name: a team cannot be renamed"));
        given().get("/api/v1/teams/data-eng").then().statusCode(200).body("costCenter", equalTo(null))
                .body("workloads.name", contains("ingest", "nightly-dbt"));
        given().get("/api/v1/teams").then().statusCode(200).body("name", hasItem("data-eng"));

        given().delete("/api/v1/teams/data-eng/workloads/ingest").then().statusCode(204);
        given().delete("/api/v1/teams/data-eng/workloads/ingest").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/v1/teams/data-eng").then().body("workloads.name", contains("nightly-dbt"));
        given().delete("/api/v1/teams/data-eng").then().statusCode(204);
        given().get("/api/v1/teams/data-eng").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void badTeamsAreRefusedWithEveryProblemNamed() {
        given().contentType(ContentType.JSON).body(Map.of("name", " ", "owners", List.of("not-an-email",
                "a@b.co"), "costCenter", "x".repeat(101))).post("/api/v1/teams").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors", hasItems("name: required", "owners[0]: 'not-an-email' is not an e-mail address",
                        "costCenter: at most 100 characters"));
        given().contentType(ContentType.JSON).body(Map.of("name", "=cmd|' /C calc'!A0"))
                .post("/api/v1/teams").then().statusCode(422).body("errors[0]", startsWith("name: '=cmd"));
        given().contentType(ContentType.JSON).body(Map.of("name", "twice")).post("/api/v1/teams").then()
                .statusCode(201).body("owners", equalTo(List.of()));
        given().contentType(ContentType.JSON).body(Map.of("name", "twice")).post("/api/v1/teams").then()
                .statusCode(422).body("errors[0]", equalTo("name: a team named 'twice' exists"));
        given().contentType(ContentType.JSON).post("/api/v1/teams").then().statusCode(422)
                .body("errors[0]", equalTo("body: required"));
        given().contentType(ContentType.JSON).body(Map.of("name", "w")).post("/api/v1/teams/nobody/workloads")
                .then().statusCode(404);
    }
}
