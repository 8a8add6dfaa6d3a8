package io.ledgerhouse.collect.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.collect.snowflake.fakes.AccountUsageFake;
import io.ledgerhouse.collect.snowflake.fakes.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The Snowflake collector through the real driver against a fake whose ACCOUNT_USAGE views are fixture tables.
 *
 * <pre>
 * fixture (last 48 hours)     compute/h   cloud services/h
 * warehouse 1  ETL_WH         4           0.2   (5% of compute: the daily 10% rule makes it free)
 * warehouse 2  BI_WH          0.516666667 0
 * METERING_DAILY_HISTORY      per UTC day: sums of the hours, adjustment = -min(CS, 10% of compute)
 * </pre>
 */
@QuarkusTest
class SnowflakeCollectorTest {

    @Inject
    SnowflakeCollector collector;
    @Inject
    AgroalDataSource dataSource;

    private static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS);
    private static final SnowflakeCollector.Pricing PRICING = new SnowflakeCollector.Pricing(new BigDecimal("3.00"),
            "USD", new BigDecimal("23.00"));

    @Test
    void aFullRunStoresEveryRowOnceAndAFailedRunChangesNothing() throws Exception {
        try (AccountUsageFake fake = new AccountUsageFake(dataSource, "fake_au_full")) {
            java.util.Map<java.time.LocalDate, BigDecimal[]> days = new java.util.TreeMap<>();
            for (int h = 1; h <= 48; h++) {
                Instant start = HOUR.minus(h, ChronoUnit.HOURS);
                meter(fake, 1, "ETL_WH", start, "4.000000000", "0.200000000");
                meter(fake, 2, "BI_WH", start, "0.516666667", "0");
                BigDecimal[] d = days.computeIfAbsent(java.time.LocalDate.ofInstant(start, java.time.ZoneOffset.UTC),
                        k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                d[0] = d[0].add(new BigDecimal("4.516666667"));
                d[1] = d[1].add(new BigDecimal("0.2"));
            }
            // the organization rate sheet prices the first day's credits at 2.00 (another account's row is ignored);
            // the other days fall back to the configured 3.00
            java.time.LocalDate firstDay = days.keySet().iterator().next();
            fake.execute("INSERT INTO {schema}.rate_sheet_daily VALUES ('" + firstDay + "', 'ORG', 1, 'PROD', '"
                    + AccountUsageFake.ACCOUNT_LOCATOR + "', 'AWS_US_WEST_2', 'Enterprise', 'compute', 'USD', 2.00, "
                    + "'WAREHOUSE_METERING', false)");
            fake.execute("INSERT INTO {schema}.rate_sheet_daily VALUES ('" + firstDay + "', 'ORG', 1, 'OTHER', "
                    + "'OT99999', 'AWS_US_WEST_2', 'Enterprise', 'compute', 'USD', 9.99, 'WAREHOUSE_METERING', false)");
            BigDecimal billed = BigDecimal.ZERO;
            BigDecimal money = BigDecimal.ZERO;
            for (var e : days.entrySet()) {
                BigDecimal compute = e.getValue()[0];
                BigDecimal cloud = e.getValue()[1];
                BigDecimal adjustment = cloud.min(compute.multiply(new BigDecimal("0.1"))).negate();
                BigDecimal dayBilled = compute.add(cloud).add(adjustment);
                billed = billed.add(dayBilled);
                money = money.add(dayBilled.multiply(e.getKey().equals(firstDay) ? new BigDecimal("2.00")
                        : new BigDecimal("3.00")));
                fake.execute("INSERT INTO {schema}.metering_daily_history VALUES ('WAREHOUSE_METERING', 'ORG', 'ACCT', '"
                        + e.getKey() + "', " + compute + ", " + cloud + ", " + compute.add(cloud) + ", " + adjustment
                        + ", " + compute.add(cloud).add(adjustment) + ")");
            }
            // the view serves a duplicate of one row: it must be collapsed
            meter(fake, 1, "ETL_WH", HOUR.minus(5, ChronoUnit.HOURS), "4.000000000", "0.200000000");

            SnowflakeCollector.RunReport first = collector.collect("sf-full", session(fake), PRICING);
            assertThat(first.status()).as(first.error()).isEqualTo("SUCCEEDED");
            assertThat(first.rowsByView()).containsEntry("WAREHOUSE_METERING_HISTORY", 96L);
            // 48 h x 4 credits + 48 h x 0.516666667 credits, to the last digit
            assertThat(stored("sf-full")).isEqualTo(new Stored(96, new BigDecimal("226.400000016")));
            assertThat(first.rowsByView()).containsEntry("METERING_DAILY_HISTORY", (long) days.size());
            // the charges are the bill: hourly compute and cloud services plus the daily adjustments, in credits,
            // and in money at each day's price
            assertThat(first.rowsByView()).containsEntry("RATE_SHEET_DAILY", 1L);
            assertThat(charged("sf-full", "pricing_quantity")).isEqualByComparingTo(billed);
            assertThat(charged("sf-full", "billed_cost")).isEqualByComparingTo(money);

            // late rows arrive inside the re-read window; one new hour appears
            meter(fake, 2, "BI_WH", HOUR.minus(60, ChronoUnit.HOURS), "1.000000000", "0");
            meter(fake, 1, "ETL_WH", HOUR, "2.000000000", "0");
            Instant watermark = watermark("sf-full");
            fake.failNext("Session no longer exists.  New login required to access the service.");
            SnowflakeCollector.RunReport failed = collector.collect("sf-full", session(fake), PRICING);
            assertThat(failed.status()).isEqualTo("FAILED");
            assertThat(failed.error()).contains("New login required");
            assertThat(stored("sf-full")).isEqualTo(new Stored(96, new BigDecimal("226.400000016")));
            assertThat(watermark("sf-full")).as("the watermark moves only with a committed run").isEqualTo(watermark);

            SnowflakeCollector.RunReport caughtUp = collector.collect("sf-full", session(fake), PRICING);
            assertThat(caughtUp.status()).isEqualTo("SUCCEEDED");
            assertThat(stored("sf-full")).isEqualTo(new Stored(98, new BigDecimal("229.400000016")));

            // the connection drops in the middle of a result once: the driver's retry reads it whole, nothing doubles
            fake.server().dropNextResults(1);
            SnowflakeCollector.RunReport retried = collector.collect("sf-full", session(fake), PRICING);
            assertThat(retried.status()).as(retried.error()).isEqualTo("SUCCEEDED");
            assertThat(stored("sf-full")).isEqualTo(new Stored(98, new BigDecimal("229.400000016")));
            // ... and on every try (driver retries limited to keep the test short): the run fails, the store stays
            fake.server().dropNextResults(1000);
            SnowflakeCollector.RunReport dropped = collector.collect("sf-full", session(fake, 1), PRICING);
            fake.server().dropNextResults(0);
            assertThat(dropped.status()).isEqualTo("FAILED");
            assertThat(dropped.error()).contains("Premature end");
            assertThat(stored("sf-full")).isEqualTo(new Stored(98, new BigDecimal("229.400000016")));

            SnowflakeCollector.RunReport again = collector.collect("sf-full", session(fake), PRICING);
            assertThat(again.status()).isEqualTo("SUCCEEDED");
            assertThat(stored("sf-full")).as("re-reading the window adds nothing")
                    .isEqualTo(new Stored(98, new BigDecimal("229.400000016")));
            assertThat(fake.server().statements()).allMatch(sql -> !sql.contains("s3cret"));
        }
    }

    @Test
    void queryHistoryIsCollectedOnceIncludingLateRowsAndDuplicates() throws Exception {
        try (AccountUsageFake fake = new AccountUsageFake(dataSource, "fake_au_queries")) {
            // 500 queries over the last 50 hours, one every 6 minutes, on two warehouses; one served twice
            String insert = "INSERT INTO {schema}.query_history (query_id, query_text, database_name, schema_name, "
                    + "query_type, user_name, role_name, warehouse_id, warehouse_name, warehouse_size, warehouse_type, "
                    + "cluster_number, query_tag, execution_status, start_time, end_time, total_elapsed_time, "
                    + "bytes_scanned, percentage_scanned_from_cache, partitions_scanned, partitions_total, "
                    + "bytes_spilled_to_local_storage, bytes_spilled_to_remote_storage, rows_produced, "
                    + "compilation_time, execution_time, queued_provisioning_time, queued_repair_time, "
                    + "queued_overload_time, transaction_blocked_time, credits_used_cloud_services, "
                    + "query_load_percent, query_acceleration_bytes_scanned, query_hash, query_parameterized_hash) "
                    + "SELECT 'q-' || g, 'select ' || g, 'ANALYTICS', 'PUBLIC', 'SELECT', 'ANA', 'ANALYST', "
                    + "1 + g % 2, CASE WHEN g % 2 = 0 THEN 'ETL_WH' ELSE 'BI_WH' END, 'Medium', 'STANDARD', 1, "
                    + "'{\"team\":\"data-eng\"}', 'SUCCESS', ts, ts + interval '20 seconds', 20000, 1048576, 0.25, "
                    + "10, 100, 0, 0, 42, 150, 19800, 0, 0, 50, 0, 0.000012345, 100, 0, 'h' || g % 7, 'p' || g % 7 "
                    + "FROM (SELECT g, '" + HOUR + "'::timestamptz - (g * interval '6 minutes') AS ts "
                    + "FROM generate_series({from}, {to}) g) q";
            fake.execute(insert.replace("{from}", "1").replace("{to}", "500"));
            fake.execute(insert.replace("{from}", "7").replace("{to}", "7"));

            fake.execute("INSERT INTO {schema}.query_attribution_history (query_id, warehouse_id, warehouse_name, "
                    + "start_time, end_time, credits_attributed_compute) VALUES ('q-1', 1, 'BI_WH', '"
                    + HOUR.minus(6, ChronoUnit.MINUTES) + "', '" + HOUR.minus(6, ChronoUnit.MINUTES).plusSeconds(20)
                    + "', 0.022222222)");
            Instant t = HOUR.minus(3, ChronoUnit.HOURS);
            fake.execute("INSERT INTO {schema}.warehouse_events_history VALUES ('" + t + "', 1, 'ETL_WH', NULL, "
                    + "'RESUME_WAREHOUSE', 'WAREHOUSE_RESUME', 'STARTED', 'ANA', 'ANALYST', 'q-30', 'Medium', 1)");
            fake.execute("INSERT INTO {schema}.warehouse_events_history VALUES ('" + t + "', 1, 'ETL_WH', NULL, "
                    + "'RESUME_WAREHOUSE', 'WAREHOUSE_RESUME', 'STARTED', 'ANA', 'ANALYST', 'q-30', 'Medium', 1)");
            fake.execute("INSERT INTO {schema}.warehouse_load_history VALUES ('" + t + "', '" + t.plusSeconds(300)
                    + "', 1, 'ETL_WH', 0.8, 0.1, 0, 0)");
            fake.execute("INSERT INTO {schema}.metering_history VALUES ('AUTO_CLUSTERING', '" + t + "', '"
                    + t.plusSeconds(3600) + "', 42, 'TABLE', 'ORDERS', 'ANALYTICS', 'PUBLIC', 0.5, 0.01, 0.51, "
                    + "1024, 10, 1)");
            fake.execute("INSERT INTO {schema}.database_storage_usage_history VALUES ('"
                    + java.time.LocalDate.ofInstant(t, java.time.ZoneOffset.UTC) + "', 9, 'ANALYTICS', NULL, "
                    + "1099511627776, 0, 0)");
            fake.warehouses(List.of(
                    List.of("ETL_WH", "Large", "STANDARD", "600", "true", "1", "1", "STANDARD", "false",
                            "STANDARD_GEN_1"),
                    List.of("BI_WH", "Small", "STANDARD", "60", "true", "1", "3", "ECONOMY", "false",
                            "STANDARD_GEN_2")));
            fake.execute("INSERT INTO {schema}.table_storage_metrics (id, table_name, table_schema, table_catalog, "
                    + "is_transient, active_bytes, time_travel_bytes, failsafe_bytes, retained_for_clone_bytes, deleted, "
                    + "table_created) VALUES (101, 'ORDERS', 'PUBLIC', 'ANALYTICS', 'NO', 5000, 700, 300, 0, false, '"
                    + t.minus(30, ChronoUnit.DAYS) + "'), (102, 'TMP', 'PUBLIC', 'ANALYTICS', 'YES', 0, 0, 0, 0, true, "
                    + "NULL)");
            fake.execute("INSERT INTO {schema}.access_history (query_id, query_start_time, user_name, "
                    + "base_objects_accessed) VALUES "
                    + "('q-40', '" + t.minus(2, ChronoUnit.HOURS) + "', 'ANA', '[{\"objectDomain\": \"Table\", "
                    + "\"objectId\": 101, \"objectName\": \"ANALYTICS.PUBLIC.ORDERS\"}]'), "
                    + "('q-41', '" + t + "', 'ANA', '[{\"objectDomain\": \"Table\", \"objectId\": 101, "
                    + "\"objectName\": \"ANALYTICS.PUBLIC.ORDERS\"}, {\"objectDomain\": \"Stage\", "
                    + "\"objectId\": 7, \"objectName\": \"ANALYTICS.PUBLIC.S3_STAGE\"}]')");
            // this account cannot read QUERY_ATTRIBUTION_HISTORY at first (e.g. a missing grant)
            fake.deny("QUERY_ATTRIBUTION_HISTORY");

            SnowflakeCollector.RunReport first = collector.collect("sf-queries", session(fake), PRICING);
            assertThat(first.status()).as(first.error()).isEqualTo("SUCCEEDED");
            assertThat(first.rowsByView()).containsEntry("QUERY_HISTORY", 500L)
                    .doesNotContainKey("QUERY_ATTRIBUTION_HISTORY");
            assertThat(first.unavailable()).containsOnlyKeys("QUERY_ATTRIBUTION_HISTORY");
            assertThat(first.unavailable().get("QUERY_ATTRIBUTION_HISTORY")).contains("not authorized");
            assertThat(first.rowsByView()).containsEntry("WAREHOUSE_EVENTS_HISTORY", 1L)
                    .containsEntry("WAREHOUSE_LOAD_HISTORY", 1L).containsEntry("METERING_HISTORY", 1L)
                    .containsEntry("DATABASE_STORAGE_USAGE_HISTORY", 1L);
            assertThat(count("sf_warehouse_event", "sf-queries")).isEqualTo(1);
            // serverless and storage charges: 0.51 credits of auto-clustering at 3.00; one TiB-day at 23.00 a month
            assertThat(chargedFor("sf-queries", "Snowflake AUTO_CLUSTERING")).isEqualByComparingTo("1.53");
            assertThat(chargedFor("sf-queries", "Snowflake Storage")).isCloseTo(new BigDecimal("23.00").divide(
                    BigDecimal.valueOf(java.time.LocalDate.ofInstant(t, java.time.ZoneOffset.UTC).lengthOfMonth()),
                    java.math.MathContext.DECIMAL128), org.assertj.core.api.Assertions.within(new BigDecimal("1E-25")));
            assertThat(count("sf_database_storage", "sf-queries")).isEqualTo(1);
            assertThat(first.rowsByView()).as("stages are not tables").containsEntry("ACCESS_HISTORY", 1L);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT object_name, last_read FROM sf_table_last_read "
                            + "WHERE object_id = 101")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ANALYTICS.PUBLIC.ORDERS");
                assertThat(rs.getTimestamp(2).toInstant()).isEqualTo(t);
            }
            assertThat(first.rowsByView()).as("tables without bytes are left out of the snapshot")
                    .containsEntry("TABLE_STORAGE_METRICS", 1L);
            assertThat(queries("sf-queries")).isEqualTo(500);

            // a late query (inside the 3-day re-read window) and a new one; the grant has been given meanwhile
            fake.execute(insert.replace("{from}", "501").replace("{to}", "502").replace("'q-' || g", "'late-' || g"));
            fake.allowAll();
            // ETL_WH's auto-suspend was lowered meanwhile; BI_WH is unchanged
            fake.warehouses(List.of(
                    List.of("ETL_WH", "Large", "STANDARD", "120", "true", "1", "1", "STANDARD", "false",
                            "STANDARD_GEN_1"),
                    List.of("BI_WH", "Small", "STANDARD", "60", "true", "1", "3", "ECONOMY", "false",
                            "STANDARD_GEN_2")));
            SnowflakeCollector.RunReport second = collector.collect("sf-queries", session(fake), PRICING);
            assertThat(second.status()).as(second.error()).isEqualTo("SUCCEEDED");
            assertThat(second.unavailable()).isEmpty();
            assertThat(second.rowsByView()).containsEntry("QUERY_ATTRIBUTION_HISTORY", 1L);
            assertThat(count("sf_table_storage", "sf-queries")).as("one snapshot per day").isEqualTo(1);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT is_transient, deleted, active_bytes + time_travel_bytes "
                            + "+ failsafe_bytes FROM sf_table_storage WHERE table_id = 101")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).isFalse();
                assertThat(rs.getBoolean(2)).isFalse();
                assertThat(rs.getLong(3)).isEqualTo(6000);
            }
            assertThat(queries("sf-queries")).isEqualTo(502);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT warehouse_name, query_tag, total_elapsed_time, "
                            + "percentage_scanned_from_cache, query_text, end_time - start_time FROM sf_query "
                            + "WHERE query_id = 'q-2'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ETL_WH");
                assertThat(rs.getString(2)).isEqualTo("{\"team\":\"data-eng\"}");
                assertThat(rs.getLong(3)).isEqualTo(20000);
                assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("0.25");
                assertThat(rs.getString(5)).as("query text is off by default").isNull();
                assertThat(rs.getString(6)).isEqualTo("00:00:20");
            }
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT warehouse_name, auto_suspend, valid_to IS NULL, "
                            + "max_cluster_count, resource_constraint FROM sf_warehouse_setting w JOIN source s "
                            + "ON s.id = w.source_id WHERE s.name = 'sf-queries' ORDER BY warehouse_name, valid_from")) {
                List<String> history = new java.util.ArrayList<>();
                while (rs.next()) {
                    history.add(rs.getString(1) + " " + rs.getInt(2) + " " + (rs.getBoolean(3) ? "current" : "past")
                            + " " + rs.getInt(4) + " " + rs.getString(5));
                }
                assertThat(history).containsExactly("BI_WH 60 current 3 STANDARD_GEN_2",
                        "ETL_WH 600 past 1 STANDARD_GEN_1", "ETL_WH 120 current 1 STANDARD_GEN_1");
            }
        }
    }

    private BigDecimal chargedFor(String source, String service) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(sum(billed_cost), 0) FROM charge ch JOIN source s "
                        + "ON s.id = ch.source_id WHERE s.name = '" + source + "' AND ch.service_name = '" + service
                        + "'")) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    private long count(String table, String source) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table + " t JOIN source s ON s.id = t.source_id "
                        + "WHERE s.name = '" + source + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long queries(String source) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM sf_query q JOIN source s ON s.id = q.source_id "
                        + "WHERE s.name = '" + source + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    record Stored(long rows, BigDecimal credits) {
    }

    private BigDecimal charged(String source, String column) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(sum(" + column + "), 0) FROM charge ch JOIN source s "
                        + "ON s.id = ch.source_id WHERE s.name = '" + source + "'")) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    private Stored stored(String source) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(credits_used), 0) FROM "
                        + "sf_warehouse_metering m JOIN source s ON s.id = m.source_id WHERE s.name = '" + source + "'")) {
            rs.next();
            return new Stored(rs.getLong(1), rs.getBigDecimal(2).stripTrailingZeros());
        }
    }

    private Instant watermark(String source) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT w.watermark FROM collector_watermark w JOIN source s "
                        + "ON s.id = w.source_id WHERE s.name = '" + source + "' AND w.view_name = "
                        + "'WAREHOUSE_METERING_HISTORY'")) {
            assertThat(rs.next()).isTrue();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static void meter(AccountUsageFake fake, int id, String name, Instant start, String compute,
            String cloudServices) throws Exception {
        fake.execute("INSERT INTO {schema}.warehouse_metering_history VALUES ('" + start + "', '"
                + start.plus(1, ChronoUnit.HOURS) + "', " + id + ", '" + name + "', " + compute + " + " + cloudServices
                + ", " + compute + ", " + cloudServices + ", NULL)");
    }

    private static SnowflakeCollector.Session session(AccountUsageFake fake) {
        return session(fake, 7);
    }

    private static SnowflakeCollector.Session session(AccountUsageFake fake, int maxHttpRetries) {
        SnowflakeConnector connector = new SnowflakeConnector(Map.of("SF_PROD_PASSWORD", "s3cret")::get);
        Properties extra = new Properties();
        extra.put("maxHttpRetries", Integer.toString(maxHttpRetries));
        return () -> connector.open("sf", TestAccounts.password(Optional.of(fake.jdbcUrl())), extra);
    }
}
