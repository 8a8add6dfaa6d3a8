package io.ledgerhouse.collect.bigquery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ledgerhouse.advise.BigQueryAdvisorService;
import io.ledgerhouse.advise.RecommendationService;
import io.ledgerhouse.advise.engine.BigQueryQueryAdvisor;
import io.ledgerhouse.trial.SimulatedBigQueryServer;
import io.ledgerhouse.collect.bigquery.fakes.FixtureProject;
import io.ledgerhouse.collect.bigquery.fakes.TestProjects;
import io.ledgerhouse.testing.FreePort;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Query-pattern and full-scan advice of a collected project (the generated fixture, 24 hours) with twelve extra
 * on-demand jobs that read all of {@code fx-proj.sales.t0} (400 GiB logical, unpartitioned, DATE column
 * {@code order_date}): 12 x 400 GiB / 1024 x 6.25 USD = 29.296875 USD of full scans, from the store's own figures.
 */
@QuarkusTest
class BigQueryQueryAdviceTest {

    @Inject
    BigQueryCollector collector;
    @Inject
    BigQueryAdvisorService advisor;
    @Inject
    RecommendationService recommendations;

    @Test
    void fullScansOfALargeUnpartitionedTableArePricedFromTheStoreAndNeedTheTablesLayout() {
        Instant now = Instant.now();
        try (SimulatedBigQueryServer fake = new SimulatedBigQueryServer(FreePort.find())) {
            FixtureProject.generate(fake, now, 17, 24);
            for (int i = 0; i < 12; i++) {
                Map<String, Object> job = FixtureProject.job("full_" + i, now.minus(2 * i + 1, ChronoUnit.HOURS), 60,
                        "cy@example.com", "SELECT", null, null, 400L << 30, 900_000, false, null, "hash-full",
                        Map.of("team", "finance"), "sales");
                job.put("query", "SELECT * FROM `fx-proj.sales.t0` WHERE customer = 'c" + i + "'");
                fake.add(FixtureProject.PROJECT, "us", "JOBS_BY_PROJECT", job);
            }
            // without COLUMNS the tables' partitioning is unknown: no full-scan advice, the rest is collected
            fake.deny("COLUMNS");
            BigQueryCollector.RunReport denied = collector.collect("bq-query", TestProjects.session(fake));
            assertThat(denied.status()).as(denied.error()).isEqualTo("SUCCEEDED");
            assertThat(denied.unavailable()).containsOnlyKeys("us/COLUMNS");
            advisor.refresh("bq-query");
            assertThat(recommendations.list(BigQueryQueryAdvisor.FULL_SCAN, null, null, "bq-query")).isEmpty();

            fake.allowAll();
            assertThat(collector.collect("bq-query", TestProjects.session(fake)).unavailable()).isEmpty();
        }
        advisor.refresh("bq-query");

        List<RecommendationService.RecommendationView> scans = recommendations.list(BigQueryQueryAdvisor.FULL_SCAN,
                null, null, "bq-query");
        assertThat(scans).singleElement().satisfies(r -> {
            assertThat(r.target()).isEqualTo("fx-proj.sales.t0");
            assertThat(r.targetType()).isEqualTo("table");
            assertThat(r.status()).isEqualTo("OPEN");
            assertThat(r.proposedValue()).isEqualTo("partition by order_date (daily) and filter on it");
            assertThat(r.sql()).startsWith("CREATE TABLE `fx-proj.sales.t0__partitioned`\n  PARTITION BY `order_date`"
                    + "\nAS SELECT * FROM `fx-proj.sales.t0`;");
            assertThat(figure(r, "cost of the scans")).isEqualByComparingTo("29.30");
            assertThat(figure(r, "full scans")).isEqualByComparingTo("12");
            assertThat(figure(r, "table logical bytes")).isEqualByComparingTo("400");
            // saving = the scans' month x (1 - 30 days / the table's age)
            BigDecimal month = figure(r, "cost of the scans a month");
            double age = figure(r, "table age").doubleValue();
            assertThat(r.monthlySavingsAmount().doubleValue()).isCloseTo(month.doubleValue() * (1 - 30 / age),
                    within(0.011));
        });

        // the ranked patterns: the full scans are the costliest pattern, with their figures from the store
        JsonPath queries = given().get("/api/v1/bigquery/bq-query/queries").then().statusCode(200).extract()
                .jsonPath();
        assertThat(queries.getString("patterns[0].queryHash")).isEqualTo("hash-full");
        assertThat(queries.getLong("patterns[0].runs")).isEqualTo(12);
        assertThat(new BigDecimal(queries.getString("patterns[0].periodCost"))).isEqualByComparingTo("29.30");
        assertThat(queries.getList("patterns[0].topUsers")).containsExactly("cy@example.com (12)");
        assertThat(queries.getList("patterns[0].topLabels")).containsExactly("team=finance (12)");
        assertThat(queries.getString("patterns[0].sampleText")).startsWith("SELECT * FROM `fx-proj.sales.t0`");
        assertThat(queries.getList("fullScans.table")).containsExactly("fx-proj.sales.t0");
        // reservation jobs are priced too, by their slot-ms share of the reservation-hours
        assertThat(queries.getList("patterns.reservationCost", String.class)).anyMatch(c -> new BigDecimal(c)
                .signum() > 0);
        // and the pattern's SELECT * is named, in the same recommendation list as every other advice
        assertThat(given().get("/api/v1/recommendations?source=bq-query&kind=BIGQUERY_SELECT_STAR").then()
                .statusCode(200).extract().jsonPath().getList("target")).contains("hash-full");
    }

    private static BigDecimal figure(RecommendationService.RecommendationView r, String name) {
        for (com.fasterxml.jackson.databind.JsonNode f : r.evidence().path("figures")) {
            if (f.path("name").asText().equals(name)) {
                return f.path("value").decimalValue();
            }
        }
        throw new AssertionError("no figure '" + name + "' in " + r.evidence());
    }
}
