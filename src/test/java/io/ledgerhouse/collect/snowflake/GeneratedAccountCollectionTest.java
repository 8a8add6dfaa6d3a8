package io.ledgerhouse.collect.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.collect.snowflake.engine.AccountUsageView;
import io.ledgerhouse.collect.snowflake.engine.ViewField;
import io.ledgerhouse.collect.snowflake.fakes.AccountUsageFake;
import io.ledgerhouse.collect.snowflake.fakes.TestAccounts;
import io.ledgerhouse.trial.AccountUsageWriter;
import io.ledgerhouse.trial.engine.ForwardingSink;
import io.ledgerhouse.trial.engine.GeneratedAccount;
import io.ledgerhouse.trial.engine.SnowflakeAccountGenerator;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A generated account (five days to the start of today, six warehouses, about 6,000 queries) collected through the
 * real driver: afterwards every view's table in the store equals the fake's view, row for row, and the charges are
 * the bill at the rate sheet's prices. Both live in the same PostgreSQL, so "equals" is an EXCEPT in each direction.
 */
@QuarkusTest
class GeneratedAccountCollectionTest {

    private static final String SCHEMA = "fake_au_generated";
    private static final String SOURCE = "sf-generated";

    @Inject
    SnowflakeCollector collector;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyRowOfEveryViewArrivesOnceAndTheChargesAreTheBill() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        SnowflakeAccountGenerator.Spec spec = new SnowflakeAccountGenerator.Spec(7, today.minusDays(5), 5, 6, 6_000);
        Map<LocalDate, BigDecimal> billedByDay = new HashMap<>();
        Map<LocalDate, BigDecimal> computeRate = new HashMap<>();
        try (AccountUsageFake fake = new AccountUsageFake(dataSource, SCHEMA)) {
            SnowflakeAccountGenerator.Totals totals;
            try (AccountUsageWriter writer = new AccountUsageWriter(dataSource, SCHEMA)) {
                totals = new SnowflakeAccountGenerator().generate(spec, new ForwardingSink(writer) {
                    @Override
                    public void dailyMetering(GeneratedAccount.DailyUsage d) {
                        super.dailyMetering(d);
                        if (d.serviceType().equals("WAREHOUSE_METERING")) {
                            billedByDay.put(d.usageDate(), d.creditsBilled());
                        }
                    }

                    @Override
                    public void rate(GeneratedAccount.Rate r) {
                        super.rate(r);
                        if (r.usageType().equals("compute")) {
                            computeRate.put(r.date(), r.effectiveRate());
                        }
                    }
                });
            }
            assertThat(totals.queries()).isGreaterThan(4_000);

            SnowflakeCollector.RunReport run = collector.collect(SOURCE, session(fake),
                    new SnowflakeCollector.Pricing(new BigDecimal("3.00"), "USD", new BigDecimal("23.00")));
            assertThat(run.status()).as(run.error()).isEqualTo("SUCCEEDED");
            assertThat(run.unavailable()).isEmpty();
            assertThat(run.rowsByView()).containsEntry("QUERY_HISTORY", totals.queries())
                    .containsEntry("WAREHOUSE_METERING_HISTORY", totals.meteringHours());
            long sourceId = sourceId();
            for (AccountUsageView view : AccountUsageView.all(0)) {
                assertThat(difference(view, sourceId)).as(view.view()).isZero();
                assertThat(count(view.table(), sourceId)).as(view.view()).isEqualTo(count(SCHEMA + "."
                        + view.view().toLowerCase(), null));
            }
            assertThat(difference(AccountUsageView.tableStorage(today), sourceId)).as("TABLE_STORAGE_METRICS")
                    .isZero();
            assertThat(scalar("SELECT count(*) FROM ((SELECT (f->>'objectId')::bigint, max(f->>'objectName'), "
                    + "max(query_start_time) FROM " + SCHEMA + ".access_history, "
                    + "jsonb_array_elements(base_objects_accessed) f GROUP BY 1) EXCEPT (SELECT object_id, object_name, "
                    + "last_read FROM sf_table_last_read WHERE source_id = " + sourceId + ")) d")).isEqualTo(0L);

            // the warehouse charges are the bill: compute and cloud services less the daily adjustment, in credits,
            // and in money at each day's contract price from the rate sheet
            String warehouseCharges = "FROM charge WHERE source_id = " + sourceId + " AND sku_id IN "
                    + "('WAREHOUSE_COMPUTE', 'WAREHOUSE_CLOUD_SERVICES', 'CLOUD_SERVICES_ADJUSTMENT')";
            BigDecimal credits = billedByDay.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(decimal("SELECT sum(pricing_quantity) " + warehouseCharges)).isEqualByComparingTo(credits);
            assertThat(credits).isEqualByComparingTo(totals.computeCredits().add(totals.cloudServicesCredits())
                    .add(totals.adjustmentCredits()));
            BigDecimal money = billedByDay.entrySet().stream()
                    .map(e -> e.getValue().multiply(computeRate.get(e.getKey()))).reduce(BigDecimal.ZERO,
                            BigDecimal::add);
            assertThat(decimal("SELECT sum(billed_cost) " + warehouseCharges)).isEqualByComparingTo(money);

            // a second run re-reads its windows and changes nothing
            SnowflakeCollector.RunReport again = collector.collect(SOURCE, session(fake),
                    new SnowflakeCollector.Pricing(new BigDecimal("3.00"), "USD", new BigDecimal("23.00")));
            assertThat(again.status()).as(again.error()).isEqualTo("SUCCEEDED");
            for (AccountUsageView view : AccountUsageView.all(0)) {
                assertThat(difference(view, sourceId)).as(view.view()).isZero();
            }
            assertThat(decimal("SELECT sum(billed_cost) " + warehouseCharges)).isEqualByComparingTo(money);
        }
    }

    /** Rows in the fake's view and not in the store, plus rows in the store and not in the view. */
    private long difference(AccountUsageView view, long sourceId) throws Exception {
        String fakeSide = "SELECT " + view.fields().stream().map(ViewField::expression)
                .map(e -> e.replace("::DATE", "::date"))
                // Snowflake's IS_TRANSIENT is 'YES' / 'NO'; the store keeps a boolean
                .map(e -> e.equals("IS_TRANSIENT") ? "(IS_TRANSIENT = 'YES')" : e).collect(Collectors.joining(", ")) + " FROM " + SCHEMA + "."
                + view.view().toLowerCase() + (view.table().equals("sf_table_storage")
                        ? " WHERE active_bytes + time_travel_bytes + failsafe_bytes + retained_for_clone_bytes > 0" : "");
        String storeSide = "SELECT " + view.fields().stream().map(ViewField::column).collect(Collectors.joining(", "))
                + " FROM " + view.table() + " WHERE source_id = " + sourceId;
        return scalar("SELECT count(*) FROM ((" + fakeSide + " EXCEPT ALL " + storeSide + ") UNION ALL (" + storeSide
                + " EXCEPT ALL " + fakeSide + ")) d");
    }

    private long count(String table, Long sourceId) throws Exception {
        return scalar("SELECT count(*) FROM " + table + (sourceId == null ? "" : " WHERE source_id = " + sourceId));
    }

    private long sourceId() throws Exception {
        return scalar("SELECT id FROM source WHERE name = '" + SOURCE + "'");
    }

    private long scalar(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private BigDecimal decimal(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    private static SnowflakeCollector.Session session(AccountUsageFake fake) {
        SnowflakeConnector connector = new SnowflakeConnector(Map.of("SF_PROD_PASSWORD", "s3cret")::get);
        return () -> connector.open("sf", TestAccounts.password(Optional.of(fake.jdbcUrl())), new Properties());
    }
}
