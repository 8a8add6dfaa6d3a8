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
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The Snowflake collector through the real driver against a fake whose ACCOUNT_USAGE views are fixture tables.
 * Fixture: warehouses 1 (ETL_WH) and 2 (BI_WH), hourly metering over the last 48 hours.
 */
@QuarkusTest
class SnowflakeCollectorTest {

    @Inject
    SnowflakeCollector collector;
    @Inject
    AgroalDataSource dataSource;

    private static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS);

    @Test
    void aFullRunStoresEveryRowOnceAndAFailedRunChangesNothing() throws Exception {
        try (AccountUsageFake fake = new AccountUsageFake(dataSource, "fake_au_full")) {
            for (int h = 1; h <= 48; h++) {
                meter(fake, 1, "ETL_WH", HOUR.minus(h, ChronoUnit.HOURS), "4.000000000");
                meter(fake, 2, "BI_WH", HOUR.minus(h, ChronoUnit.HOURS), "0.516666667");
            }
            // the view serves a duplicate of one row: it must be collapsed
            meter(fake, 1, "ETL_WH", HOUR.minus(5, ChronoUnit.HOURS), "4.000000000");

            SnowflakeCollector.RunReport first = collector.collect("sf-full", session(fake));
            assertThat(first.status()).as(first.error()).isEqualTo("SUCCEEDED");
            assertThat(first.rowsByView()).containsEntry("WAREHOUSE_METERING_HISTORY", 96L);
            // 48 h x 4 credits + 48 h x 0.516666667 credits, to the last digit
            assertThat(stored("sf-full")).isEqualTo(new Stored(96, new BigDecimal("216.800000016")));

            // late rows arrive inside the re-read window; one new hour appears
            meter(fake, 2, "BI_WH", HOUR.minus(60, ChronoUnit.HOURS), "1.000000000");
            meter(fake, 1, "ETL_WH", HOUR, "2.000000000");
            Instant watermark = watermark("sf-full");
            fake.failNext("Session no longer exists.  New login required to access the service.");
            SnowflakeCollector.RunReport failed = collector.collect("sf-full", session(fake));
            assertThat(failed.status()).isEqualTo("FAILED");
            assertThat(failed.error()).contains("New login required");
            assertThat(stored("sf-full")).isEqualTo(new Stored(96, new BigDecimal("216.800000016")));
            assertThat(watermark("sf-full")).as("the watermark moves only with a committed run").isEqualTo(watermark);

            SnowflakeCollector.RunReport caughtUp = collector.collect("sf-full", session(fake));
            assertThat(caughtUp.status()).isEqualTo("SUCCEEDED");
            assertThat(stored("sf-full")).isEqualTo(new Stored(98, new BigDecimal("219.800000016")));

            SnowflakeCollector.RunReport again = collector.collect("sf-full", session(fake));
            assertThat(again.status()).isEqualTo("SUCCEEDED");
            assertThat(stored("sf-full")).as("re-reading the window adds nothing")
                    .isEqualTo(new Stored(98, new BigDecimal("219.800000016")));
            assertThat(fake.server().statements()).allMatch(sql -> !sql.contains("s3cret"));
        }
    }

    record Stored(long rows, BigDecimal credits) {
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

    private static void meter(AccountUsageFake fake, int id, String name, Instant start, String credits)
            throws Exception {
        fake.execute("INSERT INTO {schema}.warehouse_metering_history VALUES ('" + start + "', '"
                + start.plus(1, ChronoUnit.HOURS) + "', " + id + ", '" + name + "', " + credits + ", " + credits
                + ", 0.000000000, NULL)");
    }

    private static SnowflakeCollector.Session session(AccountUsageFake fake) {
        SnowflakeConnector connector = new SnowflakeConnector(Map.of("SF_PROD_PASSWORD", "s3cret")::get);
        Properties extra = new Properties();
        extra.put("disablePlatformDetection", "true");
        return () -> connector.open("sf", TestAccounts.password(Optional.of(fake.jdbcUrl())), extra);
    }
}
