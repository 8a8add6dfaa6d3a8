package io.ledgerhouse.trial;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.ledgerhouse.collect.snowflake.SnowflakeCollector;
import io.ledgerhouse.trial.engine.SnowflakeAccountGenerator;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The trial's demo Snowflake account: generated into the embedded database, collected by the real collector, visible
 * through the sources and costs APIs like any other account. (Start-up loading is off in the test profile; the test
 * loads a smaller account itself.)
 */
@QuarkusTest
class DemoSnowflakeLoaderTest {

    @Inject
    DemoSnowflakeLoader loader;

    @Test
    void aGeneratedAccountIsCollectedAndCostedLikeARealOne() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        SnowflakeAccountGenerator.Spec spec = new SnowflakeAccountGenerator.Spec(11, today.minusDays(4), 4, 6, 3_000);
        SnowflakeCollector.RunReport report = loader.load(spec);
        assertThat(report.status()).as(report.error()).isEqualTo("SUCCEEDED");
        assertThat(report.unavailable()).isEmpty();
        assertThat(report.rowsByView().get("QUERY_HISTORY")).isGreaterThan(2_000L);
        assertThat(report.rowsByView()).containsEntry("SHOW WAREHOUSES", 6L);

        given().get("/api/v1/sources/" + DemoSnowflakeLoader.SOURCE).then().statusCode(200)
                .body("kind", equalTo("SNOWFLAKE"));
        given().queryParam("from", spec.start().toString()).queryParam("to", today.toString())
                .queryParam("groupBy", "service").queryParam("source", DemoSnowflakeLoader.SOURCE)
                .get("/api/v1/costs").then().statusCode(200)
                .body("rows.group.service", hasItem("Snowflake Warehouse Compute"))
                .body("rows.group.service", hasItem("Snowflake Storage"))
                .body("rows.group.service", hasItem("Snowflake AUTO_CLUSTERING"));

        // the collection was followed by the allocation of the months it changed
        for (java.time.YearMonth month : new java.util.TreeSet<>(java.util.List.of(
                java.time.YearMonth.from(spec.start()),
                java.time.YearMonth.from(spec.start().plusDays(spec.days() - 1))))) {
            given().queryParam("month", month.toString()).get("/api/v1/reconciliation").then().statusCode(200)
                    .body("find { it.source == '" + DemoSnowflakeLoader.SOURCE + "' }.runStatus",
                            equalTo("SUCCEEDED"));
        }
    }
}
