package io.ledgerhouse.trial;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.collect.bigquery.BigQueryCollector;
import io.ledgerhouse.trial.engine.BigQueryProjectGenerator;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The trial's demo BigQuery project: generated, served by the local simulated BigQuery and collected by the real
 * collector and client, then allocated to the cent and advised on like any collected project. (Start-up loading is
 * off in the test profile; the test loads the demo's own 30 days itself.)
 */
@QuarkusTest
class DemoBigQueryLoaderTest {

    @Inject
    DemoBigQueryLoader loader;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void theDemoProjectIsCollectedAllocatedAndAdvisedOn() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        BigQueryProjectGenerator.Spec spec = BigQueryProjectGenerator.demo(today);
        BigQueryCollector.RunReport report = loader.load(spec);
        assertThat(report.status()).as(report.error()).isEqualTo("SUCCEEDED");
        assertThat(report.unavailable()).isEmpty();
        assertThat(report.rowsByView().get("us/JOBS_BY_PROJECT")).isGreaterThan(3_000L);
        String source = DemoBigQueryLoader.SOURCE;

        given().get("/api/v1/sources/" + source).then().statusCode(200).body("kind", equalTo("BIGQUERY"));
        String src = "(SELECT id FROM source WHERE name = '" + source + "')";
        assertThat(values("SELECT DISTINCT sku_id FROM charge WHERE source_id = " + src)).contains("ON_DEMAND_QUERY",
                "ON_DEMAND_FREE_TIER", "RESERVATION_SLOTS", "COMMITMENT_UNUSED", "STORAGE_LOGICAL",
                "STORAGE_PHYSICAL");
        // the reservation's billed slots are at the annual commitment's price: 100 baseline slots x 0.048 an hour
        assertThat(values("SELECT count(*) FROM charge WHERE source_id = " + src + " AND sku_id = 'RESERVATION_SLOTS' "
                + "AND pricing_category = 'Committed'")).singleElement().isNotEqualTo("0");

        // the collection was followed by the allocation of the months it changed: every charge allocated to the cent
        for (YearMonth month : new TreeSet<>(List.of(YearMonth.from(spec.start()), YearMonth.from(today)))) {
            given().queryParam("month", month.toString()).get("/api/v1/reconciliation").then().statusCode(200)
                    .body("find { it.source == '" + source + "' }.runStatus", equalTo("SUCCEEDED"))
                    .body("find { it.source == '" + source + "' }.difference", comparesEqualTo(0.0f));
        }
        assertThat(values("SELECT count(*) FROM charge ch LEFT JOIN (SELECT charge_id, sum(amount) AS amount FROM "
                + "allocation WHERE source_id = " + src + " GROUP BY charge_id) a ON a.charge_id = ch.id WHERE "
                + "ch.source_id = " + src + " AND coalesce(a.amount, -1) <> ch.billed_cost")).containsExactly("0");

        // and by the BigQuery advice refresh: each kind the generator was built to show
        given().queryParam("source", source).get("/api/v1/recommendations").then().statusCode(200)
                .body("kind", hasItems("BIGQUERY_QUERY_REPEATED", "BIGQUERY_SELECT_STAR", "BIGQUERY_FULL_SCAN",
                        "BIGQUERY_STORAGE_BILLING_MODEL", "BIGQUERY_TIME_TRAVEL"));
        assertThat(values("SELECT DISTINCT kind FROM recommendation WHERE source_id = " + src + " AND kind IN "
                + "('BIGQUERY_CAPACITY', 'BIGQUERY_RESERVATION_CAPACITY')")).isNotEmpty();
        given().queryParam("source", source).get("/api/v1/recommendations").then()
                .body("find { it.kind == 'BIGQUERY_FULL_SCAN' }.target", equalTo(BigQueryProjectGenerator.PROJECT
                        + ".web.clickstream_raw"));
        given().get("/api/v1/bigquery/" + source + "/capacity").then().statusCode(200)
                .body("project", hasItems(BigQueryProjectGenerator.PROJECT)).body("outcomes", not(empty()));
    }

    private List<String> values(String sql) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                Object v = rs.getObject(1);
                out.add(v instanceof BigDecimal b ? b.toPlainString() : String.valueOf(v));
            }
        }
        return out;
    }
}
