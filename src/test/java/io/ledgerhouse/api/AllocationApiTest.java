package io.ledgerhouse.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.trial.DemoSnowflakeLoader;
import io.ledgerhouse.trial.engine.SnowflakeAccountGenerator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Rules, allocation runs, the chargeback statement and the reconciliation, on a generated Snowflake account (six days
 * to today, six warehouses, about 6,000 queries) collected into the store, plus whatever the other tests left there:
 * every source of the month is allocated, and the statement still equals the bill.
 */
@QuarkusTest
class AllocationApiTest {

    static final String SOURCE = "alloc-sf";

    @Inject
    DemoSnowflakeLoader loader;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void rulesAllocateAGeneratedAccountAndTheStatementEqualsTheBill() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        SnowflakeAccountGenerator.Spec spec = new SnowflakeAccountGenerator.Spec(99, today.minusDays(6), 6, 6, 6_000);
        assertThat(loader.load(SOURCE, "alloc_sf", spec).status()).isEqualTo("SUCCEEDED");
        LocalDate start = spec.start();

        long byTag = rule(Map.of("position", 10, "effectiveFrom", start.toString(), "match", Map.of("queryTagKey",
                "team"), "team", "{queryTag.team}", "workload", "{queryTag.workload}"));
        rule(Map.of("position", 20, "effectiveFrom", start.toString(), "match", Map.of("warehouse", "TRANSFORM_WH"),
                "team", "data-platform", "workload", "etl"));
        rule(Map.of("position", 21, "effectiveFrom", start.toString(), "match", Map.of("warehouse", "BI_WH"),
                "team", "finance", "workload", "dashboards", "costCenter", "CC-200"));
        rule(Map.of("position", 30, "effectiveFrom", start.toString(), "match", Map.of("database", "ANALYTICS"),
                "team", "data-platform", "workload", "storage"));

        // invalid rules are refused with every problem named
        given().contentType(ContentType.JSON).body(Map.of("match", Map.of("queryTagRegex", "([a-"), "team", " "))
                .post("/api/v1/rules").then().statusCode(422).contentType("application/problem+json")
                .body("errors", hasItem(startsWith("match.queryTagRegex")))
                .body("errors", hasItem("team: required"));
        given().contentType(ContentType.JSON).body(Map.of("match", Map.of(), "team", "x"))
                .post("/api/v1/rules").then().statusCode(422)
                .body("errors", hasItem("match: at least one condition is required"));

        // the months the account covers (its last day is yesterday)
        TreeSet<YearMonth> months = new TreeSet<>(List.of(YearMonth.from(start),
                YearMonth.from(start.plusDays(spec.days() - 1))));
        for (YearMonth month : months) {
            JsonPath runs = given().contentType(ContentType.JSON).body(Map.of("month", month.toString()))
                    .post("/api/v1/allocations/runs").then().statusCode(201).extract().jsonPath();
            assertThat(runs.getList("status", String.class)).allMatch("SUCCEEDED"::equals);
            JsonPath statement = given().queryParam("month", month.toString()).get("/api/v1/chargeback").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(statement.getList("totals.difference", String.class))
                    .allMatch(d -> new BigDecimal(d).signum() == 0);
            JsonPath reconciliation = given().queryParam("month", month.toString()).get("/api/v1/reconciliation")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(reconciliation.getList("difference", String.class)).allMatch(d -> new BigDecimal(d)
                    .signum() == 0);
            assertThat(reconciliation.getList("source", String.class)).contains(SOURCE);
        }
        YearMonth month = YearMonth.from(today.minusDays(1));
        JsonPath statement = given().queryParam("month", month.toString()).get("/api/v1/chargeback").then()
                .statusCode(200).extract().jsonPath();
        assertThat(statement.getList("lines.team", String.class)).contains("finance", "growth", "data-platform",
                "ml", "marketing");
        assertThat(statement.getList("lines.kind", String.class)).contains("idle", "unallocated");

        // the side-by-side: splitting each warehouse-hour over its queries and dropping hours without one (the usual
        // open-source approach) falls short of the bill by exactly the idle-only hours; ours is the bill
        BigDecimal[] figures = sideBySide(month);
        assertThat(figures[0].add(figures[1])).isEqualByComparingTo(figures[2]);
        assertThat(figures[1]).isPositive();
        assertThat(figures[3]).isEqualByComparingTo(figures[2]);
        System.out.printf("SIDE-BY-SIDE %s: per-hour split %s + idle-only hours %s = bill %s; ours %s%n", month,
                figures[0], figures[1], figures[2], figures[3]);

        // re-running the month changes nothing
        String before = given().queryParam("month", month.toString()).get("/api/v1/chargeback").asString();
        given().contentType(ContentType.JSON).body(Map.of("month", month.toString(), "source", SOURCE))
                .post("/api/v1/allocations/runs").then().statusCode(201).body("[0].status", equalTo("SUCCEEDED"));
        assertThat(given().queryParam("month", month.toString()).get("/api/v1/chargeback").asString())
                .isEqualTo(before);

        // a preview shows what a rule would move before it is saved, and writes nothing
        JsonPath preview = exact().contentType(ContentType.JSON).body(Map.of("month", month.toString(), "source",
                SOURCE, "rule", Map.of("match", Map.of("queryTagKey", "team", "queryTagValue", "growth"), "team",
                        "product", "position", 5))).post("/api/v1/rules/preview").then().statusCode(200)
                .extract().jsonPath();
        assertThat(preview.getList("sources", String.class)).containsExactly(SOURCE);
        List<Map<String, Object>> moved = preview.getList("currencies[0].lines");
        BigDecimal growthLoses = moved.stream().filter(l -> "growth".equals(l.get("team")))
                .map(l -> (BigDecimal) l.get("change")).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal productGains = moved.stream().filter(l -> "product".equals(l.get("team")))
                .map(l -> (BigDecimal) l.get("change")).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(growthLoses).isNegative();
        assertThat(productGains).isEqualByComparingTo(growthLoses.negate());
        assertThat(moved.stream().map(l -> (BigDecimal) l.get("change")).reduce(BigDecimal.ZERO, BigDecimal::add))
                .as("a rule moves money, it never creates or loses any").isZero();
        assertThat(preview.getObject("currencies[0].moved", BigDecimal.class)).isEqualByComparingTo(productGains);
        assertThat(preview.getObject("currencies[0].total", BigDecimal.class))
                .isEqualByComparingTo(statementTotal(month, SOURCE));
        // growth's cost before the change is what the stored statement says (the last run used the same rules)
        assertThat(moved.stream().filter(l -> "growth".equals(l.get("team"))).map(l -> (BigDecimal) l.get("before"))
                .reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(storedTeamCost(month, "growth"));
        // ending the query-tag rule for the month sends tagged work to the warehouse rules or to unallocated
        JsonPath ended = exact().contentType(ContentType.JSON).body(Map.of("month", month.toString(), "source",
                SOURCE, "id", byTag, "end", true)).post("/api/v1/rules/preview").then().statusCode(200)
                .extract().jsonPath();
        assertThat(ended.getObject("currencies[0].unallocatedAfter", BigDecimal.class))
                .isGreaterThan(ended.getObject("currencies[0].unallocatedBefore", BigDecimal.class));
        given().contentType(ContentType.JSON).body(Map.of("month", month.toString(), "rule", Map.of("match",
                Map.of("queryTagRegex", "([a-"), "team", "x"))).post("/api/v1/rules/preview").then().statusCode(422)
                .body("errors", hasItem(startsWith("rule.match.queryTagRegex")));
        given().contentType(ContentType.JSON).body(Map.of("month", month.toString(), "id", 999999, "end", true))
                .post("/api/v1/rules/preview").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("month", "soon", "rule", Map.of("match",
                Map.of("warehouse", "X"), "team", "x"))).post("/api/v1/rules/preview").then().statusCode(400)
                .body("parameter", equalTo("month"));
        assertThat(given().queryParam("month", month.toString()).get("/api/v1/chargeback").asString())
                .as("a preview writes nothing").isEqualTo(before);

        // a rule change from a day on: growth's tagged work goes to "product" from then, the days before stay
        LocalDate change = today.minusDays(2);
        given().contentType(ContentType.JSON).body(Map.of("effectiveFrom", change.toString(), "match",
                Map.of("queryTagKey", "team", "queryTagValue", "growth"), "team", "product", "position", 5))
                .post("/api/v1/rules").then().statusCode(201).body("version", equalTo(1));
        given().contentType(ContentType.JSON).body(Map.of("effectiveFrom", start.toString(), "match",
                Map.of("queryTagKey", "team"), "team", "{queryTag.team}"))
                .put("/api/v1/rules/" + byTag).then().statusCode(422)
                .body("errors[0]", startsWith("effectiveFrom: must be after"));
        for (YearMonth m : months) {
            given().contentType(ContentType.JSON).body(Map.of("month", m.toString(), "source", SOURCE))
                    .post("/api/v1/allocations/runs").then().statusCode(201);
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT team, min(start_time)::date, max(start_time)::date FROM "
                        + "query_cost qc JOIN source so ON so.id = qc.source_id WHERE so.name = '" + SOURCE
                        + "' AND team IN ('growth', 'product') GROUP BY team ORDER BY team")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("growth");
            assertThat(rs.getObject(3, LocalDate.class)).isBefore(change);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("product");
            assertThat(rs.getObject(2, LocalDate.class)).isAfterOrEqualTo(change);
        }
        given().get("/api/v1/rules").then().statusCode(200).body("team", hasItem("product"));

        // costs by allocation and per-query dimensions still add up to the source's bill
        String from = month.atDay(1).toString();
        String to = month.plusMonths(1).atDay(1).toString();
        BigDecimal billed = exact().queryParam("from", from).queryParam("to", to).queryParam("filter", "source:" + SOURCE)
                .get("/api/v1/costs").then().statusCode(200).extract().jsonPath()
                .getObject("totals[0].billedCost", BigDecimal.class);
        for (String groupBy : List.of("team,category", "workload", "warehouse", "user", "role,team", "queryPattern")) {
            JsonPath costs = exact().queryParam("from", from).queryParam("to", to).queryParam("groupBy", groupBy)
                    .queryParam("filter", "source:" + SOURCE).queryParam("limit", "100000").get("/api/v1/costs")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(costs.getObject("totals[0].billedCost", BigDecimal.class)).as(groupBy)
                    .isEqualByComparingTo(billed);
            assertThat(costs.getList("rows.billedCost", BigDecimal.class).stream().reduce(BigDecimal.ZERO,
                    BigDecimal::add)).as(groupBy).isEqualByComparingTo(billed);
        }
        given().queryParam("groupBy", "user,service").get("/api/v1/costs").then().statusCode(400)
                .body("parameter", equalTo("groupBy"));

        // the costliest queries and patterns, and how one query's cost came about
        JsonPath top = exact().queryParam("from", from).queryParam("to", to).queryParam("limit", "5")
                .get("/api/v1/queries/top").then().statusCode(200).extract().jsonPath();
        List<BigDecimal> amounts = top.getList("amount", BigDecimal.class);
        assertThat(amounts).hasSize(5).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        exact().queryParam("from", from).queryParam("to", to).queryParam("groupBy", "pattern")
                .queryParam("by", "count").get("/api/v1/queries/top").then().statusCode(200)
                .body("[0].queries", org.hamcrest.Matchers.greaterThan(1));
        given().queryParam("by", "count").get("/api/v1/queries/top").then().statusCode(400)
                .body("parameter", equalTo("by"));
        given().queryParam("groupBy", "user").get("/api/v1/queries/top").then().statusCode(400);
        String costliest = top.getString("[0].queryId");
        JsonPath explained = exact().queryParam("queryId", costliest).get("/api/v1/allocations/explain").then()
                .statusCode(200).extract().jsonPath();
        assertThat(explained.getList("steps")).isNotEmpty();
        assertThat(explained.getList("steps.method", String.class)).contains("ATTRIBUTION", "CLOUD_SERVICES_CREDITS");
        assertThat(explained.getObject("amount", BigDecimal.class)).isEqualByComparingTo(storedQueryCost(costliest));
        exact().queryParam("team", "finance").queryParam("month", month.toString())
                .get("/api/v1/allocations/explain").then().statusCode(200).body("category", hasItem("COMPUTE"));
        given().get("/api/v1/allocations/explain").then().statusCode(400);
        given().queryParam("queryId", "no-such-query").get("/api/v1/allocations/explain").then().statusCode(404);

        // CSV and bad parameters
        given().queryParam("month", month.toString()).queryParam("format", "csv").get("/api/v1/chargeback").then()
                .statusCode(200).contentType(containsString("text/csv"))
                .body(startsWith("month,line,team,currency,compute,idle"));
        // the allocated rows as FOCUS: every charge's shares sum to its billed and effective cost, and every share
        // names who got it
        String focus = given().queryParam("month", month.toString()).queryParam("format", "focus")
                .get("/api/v1/chargeback").then().statusCode(200).contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("allocation-" + month + ".focus.csv"))
                .extract().asString();
        var reader = new com.fasterxml.jackson.dataformat.csv.CsvMapper()
                .readerFor(Map.class).with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader());
        List<Map<String, String>> rows = new java.util.ArrayList<>();
        try (com.fasterxml.jackson.databind.MappingIterator<Map<String, String>> it = reader.readValues(focus)) {
            it.forEachRemaining(rows::add);
        }
        assertThat(rows).isNotEmpty();
        assertThat(rows.get(0).keySet()).contains("BilledCost", "EffectiveCost", "ChargePeriodStart", "ProviderName",
                "x_Team", "x_Workload", "x_AllocationMethod");
        Map<String, BigDecimal[]> byCharge = new java.util.HashMap<>();
        for (Map<String, String> r : rows) {
            assertThat(r.get("x_AllocationMethod")).isNotBlank();
            BigDecimal[] sums = byCharge.computeIfAbsent(r.get("x_ChargeId"), k -> new BigDecimal[] {
                BigDecimal.ZERO, BigDecimal.ZERO});
            sums[0] = sums[0].add(new BigDecimal(r.get("BilledCost")));
            sums[1] = sums[1].add(new BigDecimal(r.get("EffectiveCost")));
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, billed_cost, effective_cost FROM charge WHERE "
                        + "charge_period_start >= '" + month.atDay(1) + "T00:00:00Z' AND charge_period_start < '"
                        + month.plusMonths(1).atDay(1) + "T00:00:00Z'")) {
            int charges = 0;
            while (rs.next()) {
                charges++;
                BigDecimal[] sums = byCharge.get(Long.toString(rs.getLong(1)));
                assertThat(sums).as("charge " + rs.getLong(1) + " is in the export").isNotNull();
                assertThat(sums[0]).isEqualByComparingTo(rs.getBigDecimal(2));
                assertThat(sums[1]).isEqualByComparingTo(rs.getBigDecimal(3));
            }
            assertThat(byCharge).hasSize(charges);
        }
        assertThat(rows).anyMatch(r -> "finance".equals(r.get("x_Team")) && "dashboards".equals(r.get("x_Workload"))
                && "CC-200".equals(r.get("x_CostCenter")));
        assertThat(rows).anyMatch(r -> r.get("x_Team").isEmpty() && "IDLE".equals(r.get("x_AllocationCategory")));

        given().queryParam("month", "2026-13").get("/api/v1/chargeback").then().statusCode(400)
                .body("parameter", equalTo("month"));
        given().get("/api/v1/reconciliation").then().statusCode(400).body("parameter", equalTo("month"));
        given().queryParam("month", month.toString()).queryParam("format", "xml").get("/api/v1/chargeback").then()
                .statusCode(400).body("parameter", equalTo("format"));
        given().contentType(ContentType.JSON).body(Map.of("month", month.toString(), "source", "nope"))
                .post("/api/v1/allocations/runs").then().statusCode(404);
        given().get("/api/v1/rules/999999").then().statusCode(404);
    }

    private static io.restassured.specification.RequestSpecification exact() {
        return given().config(io.restassured.RestAssured.config().jsonConfig(io.restassured.config.JsonConfig
                .jsonConfig().numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType
                        .BIG_DECIMAL)));
    }

    private BigDecimal storedQueryCost(String queryId) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sum(amount) FROM query_cost WHERE query_id = '" + queryId
                        + "'")) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    private BigDecimal statementTotal(YearMonth month, String source) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sum(billed_cost) FROM charge ch JOIN source so ON so.id = "
                        + "ch.source_id WHERE so.name = '" + source + "' AND ch.charge_period_start >= '"
                        + month.atDay(1) + "T00:00:00Z' AND ch.charge_period_start < '" + month.plusMonths(1).atDay(1)
                        + "T00:00:00Z'")) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    private BigDecimal storedTeamCost(YearMonth month, String team) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(sum(amount), 0) FROM allocation a JOIN source so ON "
                        + "so.id = a.source_id WHERE so.name = '" + SOURCE + "' AND a.month = '" + month.atDay(1)
                        + "' AND a.team = '" + team + "'")) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    private static long rule(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/rules").then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    /** [per-hour split total, idle-only hours, bill, ours] in money of the account's warehouse compute. */
    private BigDecimal[] sideBySide(YearMonth month) throws Exception {
        String compute = "FROM charge ch JOIN source so ON so.id = ch.source_id WHERE so.name = '" + SOURCE
                + "' AND ch.sku_id = 'WAREHOUSE_COMPUTE' AND date_trunc('month', ch.charge_period_start "
                + "AT TIME ZONE 'UTC') = '" + month.atDay(1) + "'";
        String queried = "EXISTS (SELECT 1 FROM sf_query q WHERE q.source_id = ch.source_id "
                + "AND q.warehouse_id::text = ch.resource_id AND q.end_time > ch.charge_period_start "
                + "AND q.end_time - make_interval(secs => q.execution_time / 1000.0) < ch.charge_period_end)";
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sum(billed_cost) FILTER (WHERE " + queried + "), "
                        + "sum(billed_cost) FILTER (WHERE NOT " + queried + "), sum(billed_cost), (SELECT sum(a.amount) "
                        + "FROM allocation a WHERE a.charge_id IN (SELECT ch.id " + compute + ")) " + compute)) {
            rs.next();
            return new BigDecimal[] {rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3),
                rs.getBigDecimal(4)};
        }
    }
}
