package io.ledgerhouse.allocate;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.trial.DemoSnowflakeLoader;
import io.ledgerhouse.trial.engine.SnowflakeAccountGenerator;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The allocation run reads each warehouse's generation from the settings history: QUERY_HISTORY says only "STANDARD",
 * and a Gen2 warehouse's busy time costs 1.35 times Gen1's, so taken as Gen1 its busy time would be under-priced and
 * the rest of its metered credits called idle. (The demo account is Gen1 throughout, metered at Gen1 rates; calling
 * one of its warehouses Gen2 prices its busy time higher, so its idle can only shrink.)
 */
@QuarkusTest
class WarehouseGenerationAllocationTest {

    static final String SOURCE = "gen2-sf";

    @Inject
    DemoSnowflakeLoader loader;
    @Inject
    AllocationService allocation;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aWarehouseWhoseSettingsSayGen2HasLessIdleAndTheStatementStillEqualsTheBill() throws Exception {
        // recent days: the collector's first run reads back only its initial lookback; every figure below is this
        // source's, so what other tests store in the same month does not matter
        LocalDate start = LocalDate.now(java.time.ZoneOffset.UTC).minusDays(5);
        assertThat(loader.load(SOURCE, "gen2_sf", new SnowflakeAccountGenerator.Spec(7, start, 5, 4, 3_000))
                .status()).isEqualTo("SUCCEEDED");
        YearMonth month = YearMonth.from(start);
        // where QUERY_ATTRIBUTION_HISTORY has a day's credits they are the weights and the rate plays no part; without
        // them (a role that cannot read the view, or the view's hours of latency) busy time is priced at the rate
        execute("DELETE FROM sf_query_attribution WHERE source_id = (SELECT id FROM source WHERE name = ?)");

        assertThat(allocation.run(SOURCE, month).status()).isEqualTo("SUCCEEDED");
        Map<String, BigDecimal> gen1 = idleByWarehouse(month);
        String converted = gen1.entrySet().stream().filter(e -> e.getValue().signum() > 0)
                .max(Map.Entry.comparingByValue()).orElseThrow().getKey();

        setGeneration(converted, "STANDARD_GEN_2");
        AllocationService.RunSummary gen2Run = allocation.run(SOURCE, month);
        assertThat(gen2Run.status()).isEqualTo("SUCCEEDED");
        Map<String, BigDecimal> gen2 = idleByWarehouse(month);

        assertThat(gen2.get(converted)).as("idle of %s once it is known to be Gen2", converted)
                .isLessThan(gen1.get(converted));
        gen1.forEach((warehouse, idle) -> {
            if (!warehouse.equals(converted)) {
                assertThat(gen2.get(warehouse)).as("idle of %s, still Gen1", warehouse).isEqualByComparingTo(idle);
            }
        });
        assertThat(billedMinusAllocated(month)).isEqualByComparingTo("0");
    }

    private void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, SOURCE);
            ps.executeUpdate();
        }
    }

    private void setGeneration(String warehouse, String constraint) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE sf_warehouse_setting SET resource_constraint = ? WHERE warehouse_name = ? "
                        + "AND source_id = (SELECT id FROM source WHERE name = ?)")) {
            ps.setString(1, constraint);
            ps.setString(2, warehouse);
            ps.setString(3, SOURCE);
            assertThat(ps.executeUpdate()).as("settings rows of %s", warehouse).isPositive();
        }
    }

    private Map<String, BigDecimal> idleByWarehouse(YearMonth month) throws Exception {
        Map<String, BigDecimal> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT a.warehouse, sum(a.amount) FROM allocation a JOIN source s ON s.id = a.source_id "
                        + "WHERE s.name = ? AND a.month = ? AND a.category = 'IDLE' AND a.warehouse IS NOT NULL "
                        + "GROUP BY a.warehouse")) {
            ps.setString(1, SOURCE);
            ps.setObject(2, month.atDay(1));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getBigDecimal(2));
                }
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    private BigDecimal billedMinusAllocated(YearMonth month) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT (SELECT sum(billed_cost) FROM charge ch WHERE ch.source_id = s.id "
                        + "AND ch.charge_period_start >= ? AND ch.charge_period_start < ?) "
                        + "- (SELECT sum(amount) FROM allocation a WHERE a.source_id = s.id AND a.month = ?) "
                        + "FROM source s WHERE s.name = ?")) {
            ps.setObject(1, month.atDay(1).atStartOfDay().atOffset(java.time.ZoneOffset.UTC));
            ps.setObject(2, month.plusMonths(1).atDay(1).atStartOfDay().atOffset(java.time.ZoneOffset.UTC));
            ps.setObject(3, month.atDay(1));
            ps.setString(4, SOURCE);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }
}
