package io.ledgerhouse.advise;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The status workflow and refreshes of recommendations, through the API: advice found again keeps its id and history,
 * advice no longer given is superseded, people move it along the allowed arrows only.
 */
@QuarkusTest
class RecommendationWorkflowTest {

    @Inject
    RecommendationService recommendations;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper json;

    static final Set<String> KINDS = Set.of("AUTO_SUSPEND", "WAREHOUSE_SIZE");

    @Test
    void adviceKeepsItsIdThroughRefreshesAndMovesOnlyAlongTheWorkflow() throws Exception {
        long source = source("advice-acct");
        RecommendationService.Refresh r1 = recommendations.refresh(source, KINDS, List.of(
                suspend("BI_WH", "600", "60", "41.20"), size("ETL_WH", "LARGE", "MEDIUM", "120.00")));
        assertThat(r1.created()).isEqualTo(2);
        List<Map<String, Object>> listed = given().queryParam("source", "advice-acct").get("/api/v1/recommendations")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(listed).extracting(m -> m.get("target")).containsExactly("ETL_WH", "BI_WH");
        long bi = ((Number) listed.get(1).get("id")).longValue();
        long etl = ((Number) listed.get(0).get("id")).longValue();

        // the same advice again: same id, nothing in the history but its creation
        RecommendationService.Refresh r2 = recommendations.refresh(source, KINDS, List.of(
                suspend("BI_WH", "600", "60", "41.20"), size("ETL_WH", "LARGE", "MEDIUM", "120.00")));
        assertThat(r2.unchanged()).isEqualTo(2);
        given().get("/api/v1/recommendations/" + bi).then().statusCode(200).body("status", equalTo("OPEN"))
                .body("history.event", equalTo(List.of("CREATED")))
                .body("sql", equalTo("ALTER WAREHOUSE \"BI_WH\" SET AUTO_SUSPEND = 60"))
                .body("evidence.fidelityErrorPercent", equalTo(3.1f));

        // people: accept, then apply; a jump straight to VERIFIED or back from APPLIED is refused
        given().contentType(ContentType.JSON).body(Map.of("status", "applied")).post("/api/v1/recommendations/" + bi
                + "/status").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("OPEN cannot become APPLIED"));
        given().contentType(ContentType.JSON).body(Map.of("status", "ACCEPTED", "reason", "fine by BI"))
                .post("/api/v1/recommendations/" + bi + "/status").then().statusCode(200)
                .body("status", equalTo("ACCEPTED"));
        given().contentType(ContentType.JSON).body(Map.of("status", "VERIFIED"))
                .post("/api/v1/recommendations/" + bi + "/status").then().statusCode(409)
                .body("detail", containsString("VERIFIED is set by Ledgerhouse"));
        given().contentType(ContentType.JSON).body(Map.of("status", "DISMISSED"))
                .post("/api/v1/recommendations/" + etl + "/status").then().statusCode(422)
                .body("errors[0]", equalTo("reason: required to set DISMISSED"));
        given().contentType(ContentType.JSON).body(Map.of("status", "maybe"))
                .post("/api/v1/recommendations/" + etl + "/status").then().statusCode(422)
                .body("errors[0]", startsWith("status: 'maybe' is not one of"));
        given().contentType(ContentType.JSON).body(Map.of("status", "DISMISSED", "reason", "month-end batch needs it"))
                .post("/api/v1/recommendations/" + etl + "/status").then().statusCode(200)
                .body("statusReason", equalTo("month-end batch needs it"));

        // the BI advice moves (savings grew): same id, REVISED in its history, still ACCEPTED;
        // the dismissed ETL advice is not given any more: it stays dismissed
        RecommendationService.Refresh r3 = recommendations.refresh(source, KINDS, List.of(
                suspend("BI_WH", "600", "60", "55.00")));
        assertThat(r3.revised()).isEqualTo(1);
        assertThat(r3.superseded()).isZero();
        given().get("/api/v1/recommendations/" + bi).then().body("status", equalTo("ACCEPTED"))
                .body("monthlySavingsAmount", equalTo(55.00f))
                .body("history.event", equalTo(List.of("CREATED", "STATUS", "REVISED")));
        given().get("/api/v1/recommendations/" + etl).then().body("status", equalTo("DISMISSED"));

        // applied: the row becomes history; new advice on the same warehouse starts a new row
        given().contentType(ContentType.JSON).body(Map.of("status", "APPLIED"))
                .post("/api/v1/recommendations/" + bi + "/status").then().statusCode(200)
                .body("status", equalTo("APPLIED")).body("appliedAt", org.hamcrest.Matchers.notNullValue());
        RecommendationService.Refresh r4 = recommendations.refresh(source, KINDS, List.of(
                suspend("BI_WH", "60", "30", "4.00")));
        assertThat(r4.created()).isEqualTo(1);
        given().queryParam("target", "warehouse:BI_WH").queryParam("status", "OPEN").get("/api/v1/recommendations")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].currentValue", equalTo("60"));

        // open advice no longer given is superseded, and comes back OPEN when it is given again
        long fresh = given().queryParam("target", "BI_WH").queryParam("status", "open").get("/api/v1/recommendations")
                .then().extract().jsonPath().getLong("[0].id");
        assertThat(recommendations.refresh(source, KINDS, List.of()).superseded()).isEqualTo(1);
        given().get("/api/v1/recommendations/" + fresh).then().body("status", equalTo("SUPERSEDED"));
        assertThat(recommendations.refresh(source, KINDS, List.of(suspend("BI_WH", "60", "30", "4.00")))
                .reopened()).isEqualTo(1);
        given().get("/api/v1/recommendations/" + fresh).then().body("status", equalTo("OPEN"))
                .body("history.toStatus", org.hamcrest.Matchers.hasItems("SUPERSEDED", "OPEN"));

        given().get("/api/v1/recommendations/999999").then().statusCode(404);
        given().contentType(ContentType.JSON).post("/api/v1/recommendations/" + bi + "/status").then()
                .statusCode(422);
    }

    private RecommendationService.Advice suspend(String warehouse, String current, String proposed, String savings) {
        return new RecommendationService.Advice("AUTO_SUSPEND", "warehouse", warehouse, current, proposed,
                new BigDecimal(savings).divide(new BigDecimal("4")), new BigDecimal(savings), "USD",
                "more queries start on a cold cache", json.createObjectNode().put("fidelityErrorPercent", 3.1),
                "HIGH", "replay within 3.1% of metering", "ALTER WAREHOUSE \"" + warehouse + "\" SET AUTO_SUSPEND = "
                        + proposed, null);
    }

    private RecommendationService.Advice size(String warehouse, String current, String proposed, String savings) {
        return new RecommendationService.Advice("WAREHOUSE_SIZE", "warehouse", warehouse, current, proposed,
                new BigDecimal(savings).divide(new BigDecimal("4")), new BigDecimal(savings), "USD",
                "queries run up to twice as long", json.createObjectNode(), "MEDIUM", "low load", "ALTER WAREHOUSE \""
                        + warehouse + "\" SET WAREHOUSE_SIZE = '" + proposed + "'", null);
    }

    private long source(String name) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO source (name, kind, created_at) VALUES ('" + name + "', 'SNOWFLAKE', now()) "
                    + "ON CONFLICT (name) DO NOTHING");
            try (ResultSet rs = s.executeQuery("SELECT id FROM source WHERE name = '" + name + "'")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
