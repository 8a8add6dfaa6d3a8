package io.ledgerhouse.collect.aws;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.collect.aws.fakes.FakeAwsPort;
import io.ledgerhouse.collect.aws.fakes.FakeAwsServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The configured account {@code aws-test} end to end through the API: a run on demand with the SDK's default
 * credential chain and the endpoint override, the source's health with its request count and cost, allocation of the
 * collected months (every charge's allocations sum to it), the Redshift utilisation view and the advice on an idle
 * cluster.
 *
 * <pre>
 * cluster analytics-1, the last 28 days (672 hours)
 *   weekdays 09-17 UTC   CPU 40 %, 5 connections   busy
 *   every other hour     CPU 1.5 %, 0 connections  idle, in stretches of 16 h (nights) or more (weekends)
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(FakeAwsPort.class)
class AwsApiTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anAwsAccountIsCollectedOnDemandAllocatedAndAdvisedOn() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        try (FakeAwsServer fake = new FakeAwsServer(FakeAwsPort.port())) {
            fake.pageSize = 80;
            AwsFixtures.load(fake);
            for (int h = 1; h <= 28 * 24; h++) {
                Instant at = now.minus(h, ChronoUnit.HOURS);
                ZonedDateTime t = at.atZone(ZoneOffset.UTC);
                boolean busy = t.getDayOfWeek() != DayOfWeek.SATURDAY && t.getDayOfWeek() != DayOfWeek.SUNDAY
                        && t.getHour() >= 9 && t.getHour() < 17;
                fake.point("analytics-1", "CPUUtilization", at, busy ? 40 : 1.5);
                fake.point("analytics-1", "DatabaseConnections", at, busy ? 5 : 0);
                fake.point("analytics-1", "PercentageDiskSpaceUsed", at, 22);
            }

            JsonPath run = given().post("/api/v1/sources/aws-test/runs").then().statusCode(201).extract().jsonPath();
            assertThat(run.getString("status")).as(run.getString("error")).isEqualTo("SUCCEEDED");
            assertThat(run.getLong("apiRequests.GetCostAndUsage")).isEqualTo(fake.costRequests.size());

            JsonPath health = given().get("/api/v1/sources/aws-test").then().statusCode(200).extract().jsonPath();
            assertThat(health.getString("kind")).isEqualTo("AWS");
            assertThat(health.getString("configuration.payerAccountId")).isEqualTo("123456789012");
            assertThat(health.getString("configuration.credentials")).isEqualTo("SDK default chain");
            assertThat(health.getLong("apiUsage.lastRun.GetCostAndUsage")).isEqualTo(fake.costRequests.size());
            assertThat(new BigDecimal(health.getString("apiUsage.lastRunCost"))).isEqualByComparingTo(
                    new BigDecimal("0.01").multiply(BigDecimal.valueOf(fake.costRequests.size()))
                            .add(new BigDecimal("0.00001").multiply(BigDecimal.valueOf(5L
                                    * fake.metricRequests.size()))));
            assertThat(health.getLong("apiUsage.monthToDate.GetCostAndUsage")).isGreaterThanOrEqualTo(
                    fake.costRequests.size());
            assertThat(health.getList("views.view", String.class)).contains("CostExplorer",
                    "CloudWatch analytics-1");
            assertThat(given().get("/api/v1/sources").asString()).contains("aws-test").doesNotContain("fake-secret");

            // allocation followed the collection: every AWS charge is allocated exactly, the statement balances
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs =
                    s.executeQuery("SELECT count(*), count(*) FILTER (WHERE a.total IS DISTINCT FROM ch.billed_cost) "
                            + "FROM charge ch JOIN source src ON src.id = ch.source_id LEFT JOIN (SELECT charge_id, "
                            + "sum(amount) AS total FROM allocation GROUP BY charge_id) a ON a.charge_id = ch.id "
                            + "WHERE src.name = 'aws-test'")) {
                rs.next();
                assertThat(rs.getLong(1)).isPositive();
                assertThat(rs.getLong(2)).as("charges whose allocations do not sum to them").isZero();
            }
            for (YearMonth m : new YearMonth[] {YearMonth.from(AwsFixtures.firstDay()),
                    YearMonth.from(AwsFixtures.today())}) {
                JsonPath rec = given().queryParam("month", m.toString()).get("/api/v1/reconciliation").then()
                        .statusCode(200).extract().jsonPath();
                int i = rec.getList("source", String.class).indexOf("aws-test");
                assertThat(i).isNotNegative();
                assertThat(new BigDecimal(rec.getString("difference[" + i + "]"))).isZero();
            }

            // utilisation: 672 hours, 160 busy (20 weekdays × 8 h), the rest idle
            JsonPath u = given().get("/api/v1/redshift/aws-test/analytics-1/utilisation").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(u.getLong("summary.hoursWithData")).isEqualTo(672);
            assertThat(u.getLong("summary.idleHours")).isEqualTo(672 - 160);
            assertThat(u.getList("hours")).hasSize(672);
            assertThat(u.getString("proposed")).startsWith("pause");
            given().get("/api/v1/redshift/aws-test/no-such-cluster/utilisation").then().statusCode(404);
            given().queryParam("from", "yesterday").get("/api/v1/redshift/aws-test/analytics-1/utilisation").then()
                    .statusCode(400);

            // the advice, with the money from Cost Explorer's Amazon Redshift rows
            given().post("/api/v1/recommendations/refresh?source=aws-test").then().statusCode(200);
            JsonPath advice = given().queryParam("source", "aws-test").get("/api/v1/recommendations").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(advice.getList("kind", String.class)).containsExactly("REDSHIFT_CLUSTER");
            assertThat(advice.getString("[0].target")).isEqualTo("analytics-1");
            assertThat(advice.getString("[0].proposedValue")).startsWith("pause");
            assertThat(new BigDecimal(advice.getString("[0].monthlySavingsAmount"))).isPositive();
            assertThat(advice.getString("[0].currency")).isEqualTo("USD");
            given().get("/api/v1/sources/aws-test").then().body("lastError", equalTo(null));
        }
    }
}
