package io.ledgerhouse.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The tests' own profile runs as the local administrator (ledgerhouse.auth.mode=local-admin), like the demo: every
 * request is let in, and every answer says so, for the dashboard's banner.
 */
@QuarkusTest
class LocalAdminModeTest {

    @Test
    void everyAnswerIsMarkedAsTheLocalAdministrators() {
        given().get("/api/v1/teams").then().statusCode(200).header(AccessControl.MODE_HEADER, equalTo("local-admin"));
        given().contentType("application/json").body("{}").post("/api/v1/rules").then().statusCode(422)
                .header(AccessControl.MODE_HEADER, equalTo("local-admin"));
        given().get("/q/openapi").then().statusCode(200).header(AccessControl.MODE_HEADER, equalTo("local-admin"));
        given().get("/api/v1/nothing-here").then().statusCode(404)
                .header(AccessControl.MODE_HEADER, equalTo("local-admin"));
    }
}
