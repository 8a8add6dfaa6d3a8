package io.ledgerhouse.advise;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.trial.DemoSnowflakeLoader;
import io.ledgerhouse.trial.engine.SnowflakeAccountGenerator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Storage lifecycle and query insights wired on a generated account. The generator's tables churn little (time travel
 * is 4% of active bytes), its staging tables are already transient and its ACCESS_HISTORY covers only the generated
 * week, so the test adds store rows the rules should catch:
 *
 * <pre>
 * sf_table_storage   ANALYTICS.MARTS.SESSIONS_CHURN   1 TB active, 3 TB time travel      → STORAGE_RETENTION
 *                    ANALYTICS.STAGING.STG_PAYMENTS   permanent, 1 TB fail-safe          → STORAGE_TRANSIENT
 *                    ANALYTICS.STAGING.a"b; drop      permanent, 1 TB fail-safe          → STORAGE_TRANSIENT, quoted
 * sf_table_last_read RAW.EVENTS.CLICKSTREAM_2022_ARCHIVE last read 200 days ago          → STORAGE_UNUSED
 * sf_query           FIXTURE_SCAN: 10 runs on BI_WH scanning 19,800 of 20,000 partitions → QUERY_PRUNING
 *                    FIXTURE_DASH: one text executed 24 times over 2 days, same bytes    → QUERY_REPEATED
 * </pre>
 */
@QuarkusTest
class StorageAndQueryAdviceApiTest {

    static final String SOURCE = "insights-sf";
    static final long TB = 1L << 40;

    @Inject
    DemoSnowflakeLoader loader;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void storageAndQueryAdviceAppearBesideTheWarehouseAdvice() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        SnowflakeAccountGenerator.Spec spec = new SnowflakeAccountGenerator.Spec(7, today.minusDays(7), 7, 6, 4_000);
        assertThat(loader.load(SOURCE, "insights_sf", spec).status()).isEqualTo("SUCCEEDED");
        addFixtureRows();

        given().post("/api/v1/recommendations/refresh?source=" + SOURCE).then().statusCode(200);
        JsonPath all = given().queryParam("source", SOURCE).get("/api/v1/recommendations").then().statusCode(200)
                .extract().jsonPath();
        System.out.println("PATTERNS " + given().get("/api/v1/queries/patterns?source=" + SOURCE).asString());
        System.out.println("INSIGHTS " + all.getList("collect { it.kind + ' ' + it.target + ' ' + it.currentValue "
                + "+ ' -> ' + it.proposedValue + ' saves ' + it.monthlySavingsAmount + ' ' + it.currency }"));

        Map<String, Object> churn = one("STORAGE_RETENTION", "table:ANALYTICS.MARTS.SESSIONS_CHURN");
        assertThat(churn.get("proposedValue")).isEqualTo("1");
        // 3 TB of time travel × 23 USD (the generated account's storage price) × 6/7 (7 days assumed, 1 proposed)
        assertThat(((Number) churn.get("monthlySavingsAmount")).doubleValue()).isCloseTo(59.14, within(0.001));
        assertThat(churn.get("sql")).isEqualTo("ALTER TABLE \"ANALYTICS\".\"MARTS\".\"SESSIONS_CHURN\" SET "
                + "DATA_RETENTION_TIME_IN_DAYS = 1");
        assertThat(churn.get("confidence")).isEqualTo("LOW");

        Map<String, Object> staging = one("STORAGE_TRANSIENT", "ANALYTICS.STAGING.STG_PAYMENTS");
        assertThat(((Number) staging.get("monthlySavingsAmount")).doubleValue()).isCloseTo(23.0, within(0.001));
        Map<String, Object> hostile = one("STORAGE_TRANSIENT", "ANALYTICS.STAGING.a\"b; drop");
        assertThat((String) hostile.get("sql")).contains("CREATE TRANSIENT TABLE \"ANALYTICS\".\"STAGING\"."
                + "\"a\"\"b; drop_TRANSIENT\" LIKE \"ANALYTICS\".\"STAGING\".\"a\"\"b; drop\" COPY GRANTS;");

        Map<String, Object> unused = one("STORAGE_UNUSED", "RAW.EVENTS.CLICKSTREAM_2022_ARCHIVE");
        assertThat(((Number) unused.get("monthlySavingsAmount")).doubleValue()).isGreaterThan(700);
        assertThat((String) unused.get("sql")).endsWith("DROP TABLE \"RAW\".\"EVENTS\".\"CLICKSTREAM_2022_ARCHIVE\";");
        // the read 200 days ago shows ACCESS_HISTORY reaching back that far: tables without a read since are
        // unused too, tables read in the generated week are not
        List<String> unusedTables = given().queryParam("source", SOURCE).queryParam("kind", "STORAGE_UNUSED")
                .get("/api/v1/recommendations").then().statusCode(200).extract().jsonPath().getList("target");
        List<String> readThisWeek = recentlyRead();
        assertThat(readThisWeek).isNotEmpty();
        assertThat(unusedTables).contains("ANALYTICS.MARTS.FCT_REVENUE_BACKUP_2023").doesNotContainAnyElementsOf(
                readThisWeek);

        Map<String, Object> scan = one("QUERY_PRUNING", "query_pattern:FIXTURE_SCAN");
        assertThat(scan.get("targetType")).isEqualTo("query_pattern");
        assertThat(scan.get("monthlySavingsAmount")).isNull();
        Map<?, ?> evidence = (Map<?, ?>) scan.get("evidence");
        assertThat((String) evidence.get("costMethod")).as("allocation ran after the collection").startsWith("allocated");
        assertThat(((Map<?, ?>) evidence.get("context")).get("warehouse")).isEqualTo("BI_WH");
        assertThat((String) evidence.get("savings")).startsWith("not estimated");

        Map<String, Object> dash = one("QUERY_REPEATED", "FIXTURE_DASH");
        assertThat(((Number) dash.get("monthlySavingsAmount")).doubleValue()).isPositive();
        assertThat(((Map<?, ?>) ((Map<?, ?>) dash.get("evidence")).get("context")).get("queryHash"))
                .isEqualTo("FIXTURE_DASH_TEXT");

        // the warehouse advice is still there, and a second refresh changes nothing
        assertThat(all.getList("kind", String.class)).contains("AUTO_SUSPEND");
        given().post("/api/v1/recommendations/refresh?source=" + SOURCE).then().statusCode(200)
                .body("[0].created", org.hamcrest.Matchers.equalTo(0))
                .body("[0].superseded", org.hamcrest.Matchers.equalTo(0));
        given().get("/api/v1/queries/patterns?source=" + SOURCE).then().statusCode(200)
                .body("patterns.size()", org.hamcrest.Matchers.greaterThan(0));
    }

    private List<String> recentlyRead() throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                + "t.database_name || '.' || t.schema_name || '.' || t.table_name FROM sf_table_last_read r JOIN "
                + "sf_table_storage t ON t.source_id = r.source_id AND t.table_id = r.object_id JOIN source s ON s.id "
                + "= r.source_id WHERE s.name = ? AND r.last_read > now() - interval '30 days'")) {
            ps.setString(1, SOURCE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private Map<String, Object> one(String kind, String target) {
        List<Map<String, Object>> found = given().queryParam("source", SOURCE).queryParam("kind", kind)
                .queryParam("target", target).get("/api/v1/recommendations").then().statusCode(200).extract()
                .jsonPath().getList("$");
        assertThat(found).as(kind + " " + target).hasSize(1);
        return found.get(0);
    }

    private void addFixtureRows() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            long sourceId;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM source WHERE name = ?")) {
                ps.setString(1, SOURCE);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    sourceId = rs.getLong(1);
                }
            }
            Instant now = Instant.now();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sf_table_storage (source_id, snapshot_date, "
                    + "table_id, table_name, schema_name, database_name, is_transient, active_bytes, time_travel_bytes, "
                    + "failsafe_bytes, retained_for_clone_bytes, deleted, table_created, table_dropped, collected_at) "
                    + "SELECT ?, max(snapshot_date), ?, ?, ?, 'ANALYTICS', false, ?, ?, ?, 0, false, ?, NULL, ? "
                    + "FROM sf_table_storage WHERE source_id = ?")) {
                Object[][] rows = {
                    {9001L, "SESSIONS_CHURN", "MARTS", TB, 3 * TB, 0L},
                    {9002L, "STG_PAYMENTS", "STAGING", 2 * TB, 0L, TB},
                    {9003L, "a\"b; drop", "STAGING", 2 * TB, 0L, TB},
                };
                for (Object[] r : rows) {
                    ps.setLong(1, sourceId);
                    ps.setLong(2, (Long) r[0]);
                    ps.setString(3, (String) r[1]);
                    ps.setString(4, (String) r[2]);
                    ps.setLong(5, (Long) r[3]);
                    ps.setLong(6, (Long) r[4]);
                    ps.setLong(7, (Long) r[5]);
                    ps.setTimestamp(8, Timestamp.from(now.minus(Duration.ofDays(400))));
                    ps.setTimestamp(9, Timestamp.from(now));
                    ps.setLong(10, sourceId);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sf_table_last_read (source_id, object_id, "
                    + "object_name, last_read, collected_at) VALUES (?, 5014, 'RAW.EVENTS.CLICKSTREAM_2022_ARCHIVE', "
                    + "?, ?) ON CONFLICT (source_id, object_id) DO UPDATE SET last_read = excluded.last_read")) {
                ps.setLong(1, sourceId);
                ps.setTimestamp(2, Timestamp.from(now.minus(Duration.ofDays(200))));
                ps.setTimestamp(3, Timestamp.from(now));
                ps.executeUpdate();
            }
            Instant lastMetered;
            try (PreparedStatement ps = c.prepareStatement("SELECT max(end_time) FROM sf_warehouse_metering WHERE "
                    + "source_id = ?")) {
                ps.setLong(1, sourceId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    lastMetered = rs.getTimestamp(1).toInstant();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sf_query (source_id, query_id, start_time, "
                    + "end_time, query_hash, query_parameterized_hash, query_text, query_type, database_name, "
                    + "user_name, warehouse_name, execution_status, execution_time, bytes_scanned, "
                    + "partitions_scanned, partitions_total, bytes_spilled_to_local_storage, "
                    + "bytes_spilled_to_remote_storage, rows_produced, collected_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                    + "'SELECT', 'ANALYTICS', 'FIXTURE_USER', 'BI_WH', 'SUCCESS', ?, ?, ?, ?, 0, 0, 100, ?)")) {
                for (int i = 0; i < 34; i++) {
                    boolean scan = i < 10;
                    Instant start = lastMetered.minus(Duration.ofHours(scan ? 10 + i : 4 + (i - 10)));
                    ps.setLong(1, sourceId);
                    ps.setString(2, "fixture-" + i);
                    ps.setTimestamp(3, Timestamp.from(start));
                    ps.setTimestamp(4, Timestamp.from(start.plusSeconds(600)));
                    ps.setString(5, scan ? "FIXTURE_SCAN_TEXT_" + i : "FIXTURE_DASH_TEXT");
                    ps.setString(6, scan ? "FIXTURE_SCAN" : "FIXTURE_DASH");
                    ps.setString(7, scan ? "select * from events where day = '" + i + "'"
                            : "select region, sum(revenue) from sales group by 1");
                    ps.setLong(8, 600_000);
                    ps.setLong(9, 1_000_000_000L);
                    ps.setLong(10, scan ? 19_800 : 40);
                    ps.setLong(11, scan ? 20_000 : 20_000);
                    ps.setTimestamp(12, Timestamp.from(now));
                    ps.executeUpdate();
                    // allocation ran after the collection: the fixture queries get their cost too, 1.00 USD each
                    try (PreparedStatement cost = c.prepareStatement("INSERT INTO query_cost (source_id, month, "
                            + "usage_day, query_id, start_time, warehouse, user_name, query_parameterized_hash, "
                            + "category, method, currency, amount) SELECT ?, date_trunc('month', ? AT TIME ZONE "
                            + "'UTC')::date, (? AT TIME ZONE 'UTC')::date, ?, ?, 'BI_WH', 'FIXTURE_USER', ?, "
                            + "'COMPUTE', 'FIXTURE', 'USD', 1.00 WHERE EXISTS (SELECT 1 FROM query_cost WHERE "
                            + "source_id = ?)")) {
                        Timestamp t = Timestamp.from(start);
                        cost.setLong(1, sourceId);
                        cost.setTimestamp(2, t);
                        cost.setTimestamp(3, t);
                        cost.setString(4, "fixture-" + i);
                        cost.setTimestamp(5, t);
                        cost.setString(6, scan ? "FIXTURE_SCAN" : "FIXTURE_DASH");
                        cost.setLong(7, sourceId);
                        cost.executeUpdate();
                    }
                }
            }
        }
    }
}
