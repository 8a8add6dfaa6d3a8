package io.ledgerhouse.advise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.domain.WarehouseKind;
import io.ledgerhouse.domain.WarehouseSize;
import io.ledgerhouse.trial.engine.GeneratedAccount;
import io.ledgerhouse.trial.engine.SnowflakeAccountGenerator;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The advisor on a generated account whose true settings are known.
 *
 * <pre>
 * spec: seed 42, 7 days from Monday 2026-10-05, the six usual warehouses (about 10,000 queries) and one service
 * warehouse APP_WH (X-Small, AUTO_SUSPEND 600, 12 short queries a minute around the clock, about 120,000 queries)
 *
 * warehouse     size    S     class        what the advisor should do
 * REPORTING_WH  Small   600   etl          a daily 07:00 batch, idle 10 minutes after it: lower AUTO_SUSPEND
 * APP_WH        XSmall  600   interactive  never idle 30 s: every setting costs the same, nothing to recommend
 * </pre>
 */
class GeneratedAccountAdviceTest {

    static final SnowflakeAccountGenerator.Spec SPEC = new SnowflakeAccountGenerator.Spec(42,
            LocalDate.of(2026, 10, 5), 7, 6, 10_000, 1);
    static final AnalysisPeriod PERIOD = new AnalysisPeriod(SPEC.startInstant(), SPEC.end());
    static final BigDecimal PRICE = new BigDecimal("3.00");
    static final Map<String, GeneratedAccount.Warehouse> warehouses = new LinkedHashMap<>();
    static final Map<Long, WarehouseWorkload.Builder> workloads = new LinkedHashMap<>();
    static final Map<Long, BigDecimal> metered = new LinkedHashMap<>();
    static final Map<String, AutoSuspendStudy> studies = new LinkedHashMap<>();

    /** Keeps, per warehouse, its settings, its queries (reduced as they arrive) and its metered compute. */
    static final class Capture extends GeneratedAccount.IgnoringSink {
        @Override
        public void warehouse(GeneratedAccount.Warehouse w) {
            warehouses.put(w.name(), w);
        }

        @Override
        public void query(GeneratedAccount.Query q) {
            workloads.computeIfAbsent(q.warehouseId(), k -> WarehouseWorkload.builder()).add(new QueryRun(
                    q.startTime(), q.endTime(), q.clusterNumber(), q.compilationMs(), q.queuedProvisioningMs(),
                    q.queuedRepairMs(), q.queuedOverloadMs(), q.executionMs(), q.bytesScanned(),
                    q.partitionsScanned(), q.bytesSpilledLocal(), q.bytesSpilledRemote(), q.queryType(),
                    q.queryTag()));
        }

        @Override
        public void meteringHour(GeneratedAccount.MeteringHour h) {
            metered.merge(h.warehouseId(), h.creditsCompute(), BigDecimal::add);
        }
    }

    static WarehouseConfiguration configuration(GeneratedAccount.Warehouse w) {
        return new WarehouseConfiguration(w.name(), WarehouseSize.parse(w.size()),
                WarehouseKind.of(w.type(), w.resourceConstraint()), WarehouseKind.Cloud.AWS, w.autoSuspendSeconds(),
                w.minClusters(), w.maxClusters(), ScalingPolicy.valueOf(w.scalingPolicy()));
    }

    @BeforeAll
    static void generateAndStudy() {
        new SnowflakeAccountGenerator().generate(SPEC, new Capture());
        AutoSuspendAdvisor advisor = new AutoSuspendAdvisor(AdvisorSettings.defaults());
        for (GeneratedAccount.Warehouse w : warehouses.values()) {
            studies.put(w.name(), advisor.study(configuration(w), workloads.get(w.id()).build(), PERIOD,
                    metered.get(w.id()), PRICE, "USD", null));
        }
    }

    @Test
    void theReplayOfTheTrueSettingReproducesTheMeteringOfEveryWarehouseWithinTwoPercent() {
        assertThat(studies).hasSize(7);
        List<String> report = new ArrayList<>();
        for (AutoSuspendStudy s : studies.values()) {
            report.add(String.format("%s %+.6f%%", s.warehouse(), s.fidelityErrorPercent()));
            assertThat(Math.abs(s.fidelityErrorPercent())).as(s.warehouse()).isLessThanOrEqualTo(2.0);
        }
        System.out.println("fidelity per warehouse: " + report);
    }

    @Test
    void theInferredClassIsTheOneTheGeneratorGaveEachWarehouse() {
        for (AutoSuspendStudy s : studies.values()) {
            assertThat(s.workloadClass().workloadClass().name().toLowerCase()).as(s.warehouse() + " "
                    + s.workloadClass().reasons()).isEqualTo(warehouses.get(s.warehouse()).workloadClass());
            assertThat(s.workloadClass().overridden()).isFalse();
        }
    }

    @Test
    void aSparseWarehouseWithALongSuspendIsAdvisedALowerOne() {
        AutoSuspendStudy reporting = studies.get("REPORTING_WH");
        assertThat(reporting.recommendation()).as(reporting.verdict()).isPresent();
        Recommendation r = reporting.recommendation().orElseThrow();
        assertThat(r.kind()).isEqualTo(Recommendation.Kind.AUTO_SUSPEND);
        assertThat(Integer.parseInt(r.proposedValue())).isLessThan(600);
        assertThat(r.currentValue()).isEqualTo("600");
        assertThat(r.monthlySavingsCredits()).isPositive();
        assertThat(r.monthlySavingsMoney()).isEqualByComparingTo(r.monthlySavingsCredits().multiply(PRICE)
                .setScale(2, java.math.RoundingMode.HALF_UP));
        assertThat(r.sql()).isEqualTo("ALTER WAREHOUSE \"REPORTING_WH\" SET AUTO_SUSPEND = " + r.proposedValue());
        assertThat(r.evidence().period()).isEqualTo(PERIOD);
        assertThat(r.evidence().figures()).extracting(Recommendation.Figure::name).contains("fidelity error");
        assertThat(reporting.curve()).hasSize(8);
    }

    @Test
    void aBusyWarehouseIsAdvisedNothing() {
        AutoSuspendStudy app = studies.get("APP_WH");
        assertThat(app.recommendation()).isEmpty();
        assertThat(app.verdict()).contains("immaterial");
        // every setting costs within half a percent of every other
        BigDecimal lo = app.curve().stream().map(ReplayedSetting::credits).min(BigDecimal::compareTo).orElseThrow();
        BigDecimal hi = app.curve().stream().map(ReplayedSetting::credits).max(BigDecimal::compareTo).orElseThrow();
        assertThat(hi.subtract(lo).doubleValue()).isLessThan(0.005 * hi.doubleValue());
    }

    @Test
    void anOperatorCanOverrideTheClass() {
        GeneratedAccount.Warehouse bi = warehouses.get("BI_WH");
        AutoSuspendStudy asEtl = new AutoSuspendAdvisor(AdvisorSettings.defaults()).study(configuration(bi),
                workloads.get(bi.id()).build(), PERIOD, metered.get(bi.id()), PRICE, "USD", WorkloadClass.ETL);
        assertThat(asEtl.workloadClass().overridden()).isTrue();
        assertThat(asEtl.coldBudget()).isEqualTo(1.0);
        // as interactive the budget keeps the dashboards' cache; as ETL the cheapest setting wins
        assertThat(studies.get("BI_WH").recommendation()).isEmpty();
        assertThat(asEtl.recommendation()).isPresent();
    }
}
