package io.ledgerhouse.forecast;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.trial.DemoSnowflakeLoader;
import io.ledgerhouse.trial.engine.SnowflakeAccountGenerator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Forecasts, their accuracy and anomalies through the API. A synthetic provider "ForecastCloud" has 120 days of
 * weekly-shaped cost up to yesterday with one spike day; a generated Snowflake account covers the whole last month
 * and six weeks before it, and is forecast as of every day of that month to measure the month-end projection.
 */
@QuarkusTest
class ForecastApiTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ForecastService forecasts;
    @Inject
    DemoSnowflakeLoader loader;

    @Test
    void aScopeIsForecastWithNestedIntervalsAndItsSpikeIsAnAnomaly() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate spike = today.minusDays(20);
        syntheticProvider(today, spike);
        JsonPath f = given().queryParam("scope", "provider:ForecastCloud").get("/api/v1/forecasts").then()
                .statusCode(200).body("scope", equalTo("provider:ForecastCloud")).body("currency", equalTo("USD"))
                .body("origin", equalTo(today.toString())).body("dataEnd", equalTo(today.minusDays(1).toString()))
                .extract().jsonPath();
        List<Map<String, Object>> points = f.getList("points");
        assertThat(points).hasSize((int) (YearMonth.from(today).plusMonths(1).atEndOfMonth().toEpochDay()
                - today.toEpochDay() + 1));
        for (Map<String, Object> p : points) {
            double lo95 = num(p, "lo95");
            double lo80 = num(p, "lo80");
            double point = num(p, "point");
            double hi80 = num(p, "hi80");
            double hi95 = num(p, "hi95");
            assertThat(lo95).isGreaterThanOrEqualTo(0);
            assertThat(lo95 <= lo80 && lo80 <= point && point <= hi80 && hi80 <= hi95).as(p.toString()).isTrue();
        }
        assertThat(f.getString("model")).isNotBlank();
        assertThat(f.getDouble("backtest.chosenMase")).isPositive();
        // weekdays cost about 1,000, weekends 400: the forecast knows the week
        double weekday = points.stream().filter(p -> !weekend(p)).mapToDouble(p -> num(p, "point")).average()
                .orElseThrow();
        double weekendDay = points.stream().filter(this::weekend).mapToDouble(p -> num(p, "point")).average()
                .orElseThrow();
        assertThat(weekday).isBetween(800.0, 1200.0);
        assertThat(weekendDay).isBetween(250.0, 550.0);
        assertThat(f.getList("anomalies.date", String.class)).contains(spike.toString());

        // a GET computes; it stores nothing, so the spike is no stored anomaly yet
        given().queryParam("from", today.minusDays(60).toString()).queryParam("to", today.toString())
                .queryParam("scope", "provider:ForecastCloud").get("/api/v1/anomalies").then().statusCode(200)
                .body("size()", equalTo(0));
        // a run stores the forecast and its anomalies, as the scheduled job does
        given().contentType("application/json").body(Map.of("scopes", List.of("provider:ForecastCloud",
                "provider:Nowhere"))).post("/api/v1/forecasts/runs").then().statusCode(201)
                .body("scope", equalTo(List.of("provider:ForecastCloud", "provider:Nowhere")))
                .body("status", equalTo(List.of("STORED", "NO_DATA")))
                .body("[0].origin", equalTo(today.toString()));
        given().queryParam("from", today.minusDays(60).toString()).queryParam("to", today.toString())
                .queryParam("scope", "provider:ForecastCloud").get("/api/v1/anomalies").then().statusCode(200)
                .body("day", hasItem(spike.toString())).body("[0].scope", equalTo("provider:ForecastCloud"));
        given().contentType("application/json").body(Map.of("scopes", List.of("galaxy:x")))
                .post("/api/v1/forecasts/runs").then().statusCode(400).body("parameter", equalTo("scope"));
        given().queryParam("scope", "provider:ForecastCloud").queryParam("horizon", "7").get("/api/v1/forecasts")
                .then().statusCode(200).body("points.size()", equalTo(7));
        given().queryParam("scope", "provider:ForecastCloud").queryParam("horizon", "99").get("/api/v1/forecasts")
                .then().statusCode(400).body("parameter", equalTo("horizon"));
        given().queryParam("scope", "galaxy:x").get("/api/v1/forecasts").then().statusCode(400)
                .body("parameter", equalTo("scope"));
        given().queryParam("scope", "provider:Nowhere").get("/api/v1/forecasts").then().statusCode(404);
        given().queryParam("scope", "total").queryParam("measure", "bytes").get("/api/v1/forecasts").then()
                .statusCode(400).body("parameter", equalTo("measure"));
        given().queryParam("from", "yesterday").queryParam("to", today.toString()).get("/api/v1/anomalies").then()
                .statusCode(400).body("parameter", equalTo("from"));
    }

    @Test
    void theMonthEndProjectionOfAGeneratedAccountConvergesOverTheMonth() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        YearMonth last = YearMonth.from(today).minusMonths(1);
        LocalDate start = last.atDay(1).minusDays(42);
        int days = (int) (today.toEpochDay() - start.toEpochDay());
        SnowflakeAccountGenerator.Spec spec = new SnowflakeAccountGenerator.Spec(61, start, days, 4, 12_000);
        assertThat(loader.load("fc-sf", "fc_sf", spec).status()).isEqualTo("SUCCEEDED");

        for (LocalDate d = last.atDay(1); !d.isAfter(last.atEndOfMonth()); d = d.plusDays(1)) {
            forecasts.forecast("source:fc-sf", null, null, null, d);
        }
        JsonPath a = given().queryParam("scope", "source:fc-sf").get("/api/v1/forecasts/accuracy").then()
                .statusCode(200).extract().jsonPath();
        List<Map<String, Object>> curve = a.getList("monthEndByDayOfMonth");
        assertThat(curve).hasSize(last.lengthOfMonth());
        StringBuilder report = new StringBuilder("MONTH-END PROJECTION " + last + " (day: error %)");
        for (Map<String, Object> p : curve) {
            report.append(' ').append(p.get("dayOfMonth")).append(':').append(p.get("meanPercentError"));
        }
        System.out.println(report);
        System.out.println("COVERAGE 80% " + a.getString("coverage80") + ", 95% " + a.getString("coverage95")
                + " over " + a.getInt("scoredDays") + " forecast days; daily MAPE "
                + a.getString("meanAbsolutePercentErrorDaily") + "%");
        double early = Math.abs(((Number) curve.get(0).get("meanPercentError")).doubleValue());
        double late = Math.abs(((Number) curve.get(curve.size() - 1).get("meanPercentError")).doubleValue());
        assertThat(late).as("the day before the month ends, only one day is forecast").isLessThan(5.0);
        assertThat(late).isLessThanOrEqualTo(early + 0.5);
        assertThat(a.getDouble("coverage95")).isGreaterThan(0.7);
        assertThat(a.getMap("models")).isNotEmpty();
        given().queryParam("scope", "team:nobody").get("/api/v1/forecasts/accuracy").then().statusCode(404);
    }

    /** 120 days to yesterday: 1,000 USD on weekdays and 400 on weekends (+-5%), 20x on {@code spike}. */
    private void syntheticProvider(LocalDate today, LocalDate spike) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO source (name, kind, created_at) VALUES ('forecast-cloud', 'FOCUS_FILE', now()) "
                    + "ON CONFLICT (name) DO NOTHING");
            java.util.Random random = new java.util.Random(7);
            StringBuilder values = new StringBuilder();
            for (LocalDate d = today.minusDays(120); d.isBefore(today); d = d.plusDays(1)) {
                if (d.getDayOfMonth() == 1 || values.length() == 0) {
                    s.execute("SELECT ensure_charge_partition('" + d + "T00:00:00Z')");
                }
                boolean weekend = d.getDayOfWeek().getValue() >= 6;
                BigDecimal cost = BigDecimal.valueOf((weekend ? 400 : 1000) * (0.95 + 0.1 * random.nextDouble()))
                        .setScale(2, java.math.RoundingMode.HALF_UP);
                if (d.equals(spike)) {
                    cost = cost.multiply(BigDecimal.valueOf(20));
                }
                values.append(values.length() == 0 ? "" : ", ").append("('").append(d).append("T00:00:00Z'::timestamptz, ")
                        .append(cost).append(")");
            }
            s.execute("INSERT INTO charge (source_id, billed_cost, effective_cost, billing_account_id, "
                    + "billing_currency, billing_period_start, billing_period_end, charge_period_start, "
                    + "charge_period_end, provider_name, service_name, charge_category) SELECT so.id, v.cost, v.cost, "
                    + "'fc-1', 'USD', date_trunc('month', v.day), date_trunc('month', v.day) + interval '1 month', "
                    + "v.day, v.day + interval '1 day', 'ForecastCloud', 'Compute', 'Usage' FROM source so, (VALUES "
                    + values + ") AS v(day, cost) WHERE so.name = 'forecast-cloud'");
        }
    }

    private boolean weekend(Map<String, Object> p) {
        return LocalDate.parse((String) p.get("date")).getDayOfWeek().getValue() >= 6;
    }

    private static double num(Map<String, Object> p, String key) {
        return ((Number) p.get(key)).doubleValue();
    }
}
