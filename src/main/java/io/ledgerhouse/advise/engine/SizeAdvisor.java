package io.ledgerhouse.advise.engine;

import io.ledgerhouse.advise.engine.Recommendation.Confidence;
import io.ledgerhouse.advise.engine.Recommendation.Evidence;
import io.ledgerhouse.advise.engine.Recommendation.Figure;
import io.ledgerhouse.advise.engine.Recommendation.Kind;
import io.ledgerhouse.advise.engine.Recommendation.Level;
import io.ledgerhouse.domain.WarehouseSize;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One size step up or down, from the queries' evidence (thresholds in {@link AdvisorSettings}):
 *
 * <ul>
 *   <li><b>Up</b> when remote spilling is material (at least 1% of queries spilled to remote storage), or, on a
 *       single-cluster warehouse, queueing for load is (time queued >= 5% of execution time and >= 1% of queries
 *       queued); on a multi-cluster warehouse queueing is {@link MultiClusterAdvisor}'s business.</li>
 *   <li><b>Down</b> when none of that holds and the warehouse is lightly used: load (execution time over billed
 *       cluster time) below 0.5, no remote and at most 1% local spilling, 90% of queries done in 10 s.</li>
 * </ul>
 *
 * The effect is estimated under the scaling assumption of {@link WarehouseWorkload#executionFactor}; the billed time
 * is the current replay's, its busy part scaled by that factor, idle time unchanged, all at the new size's rate.
 */
public final class SizeAdvisor {

    private final AdvisorSettings settings;

    public SizeAdvisor(AdvisorSettings settings) {
        this.settings = settings;
    }

    /** The scaling assumption, as shown to the user beside every estimate. */
    public static final String SCALING_ASSUMPTION = "A query's execution time is inversely proportional to the threads "
            + "it can use: 8 per credit an hour of the size (X-Small 8, Small 16, ...), but never more than the "
            + "micro-partitions it scanned; so scan-bound work halves per size step up and at most doubles per step "
            + "down. Idle time (auto-suspend tails) is unchanged and billed at the new rate. Queueing for load and "
            + "remote spilling are assumed to disappear on an upsize and not to appear on a downsize.";

    public SizeAdvice advise(WarehouseConfiguration warehouse, WarehouseWorkload workload, AnalysisPeriod period,
            BigDecimal pricePerCredit, String currency) {
        List<String> findings = new ArrayList<>();
        ReplayedSetting now = AutoSuspendReplay.replay(workload.timeline(), warehouse, period, pricePerCredit);
        long busyMs = AutoSuspendReplay.busyClusterMs(workload.timeline(), period);
        double load = now.billedClusterMs() == 0 ? 0 : (double) workload.totalExecutionMs() / now.billedClusterMs();
        double remote = workload.remoteSpillShare();
        double local = workload.localSpillShare();
        boolean remoteMaterial = remote >= settings.remoteSpillQueryShare();
        boolean queueing = workload.queuedTimeShare() >= settings.queuedTimeShare()
                && workload.queuedQueryShare() >= settings.queuedQueryShare();
        boolean singleCluster = warehouse.maxClusters() == 1;
        double p90 = workload.executionPercentileMs(0.9) / 1000.0;
        findings.add(String.format(Locale.ROOT, "remote spilling: %s of queries (material at %s)%s",
                pct(remote), pct(settings.remoteSpillQueryShare()), remoteMaterial ? ": upsize" : ""));
        findings.add(String.format(Locale.ROOT, "queued for load: %.1f%% of execution time, %s of queries "
                + "(material at %s and %s)%s", 100 * workload.queuedTimeShare(), pct(workload.queuedQueryShare()),
                pct(settings.queuedTimeShare()), pct(settings.queuedQueryShare()), queueing ? (singleCluster
                        ? ": upsize" : ": left to the multi-cluster advice") : ""));
        findings.add(String.format(Locale.ROOT, "load: %.2f queries running per billed cluster (low below %.2f); "
                + "local spilling: %s of queries; p90 execution: %.1f s (short at %.0f s)", load, settings.lowLoad(),
                pct(local), p90, settings.shortQuerySeconds()));
        SizeAdvice.Direction direction = SizeAdvice.Direction.NONE;
        WarehouseSize target = null;
        if ((remoteMaterial || (queueing && singleCluster)) && warehouse.size().larger() != null) {
            direction = SizeAdvice.Direction.UP;
            target = warehouse.size().larger();
        } else if (!remoteMaterial && !queueing && workload.queriesSpillingRemote() == 0
                && local <= settings.localSpillQueryShare() && p90 <= settings.shortQuerySeconds()
                && load < settings.lowLoad() && warehouse.size().smaller() != null && workload.queries() > 0) {
            direction = SizeAdvice.Direction.DOWN;
            target = warehouse.size().smaller();
            findings.add("low load, no spilling and short queries: downsize");
        }
        if (target == null) {
            return new SizeAdvice(SizeAdvice.Direction.NONE, findings, Optional.empty());
        }
        double factor = workload.executionFactor(warehouse.size(), target);
        double newBilledMs = now.billedClusterMs() - busyMs + busyMs * factor;
        BigDecimal newRate = warehouse.withSize(target).creditsPerHour();
        double newCredits = newRate.doubleValue() * newBilledMs / 3_600_000;
        double savings = (now.credits().doubleValue() - newCredits) * period.monthlyFactor();
        String effect = String.format(Locale.ROOT, "execution time x %.2f (median %.1f s -> about %.1f s, p90 %.1f s "
                + "-> about %.1f s)%s. Assumption: %s", factor, workload.executionPercentileMs(0.5) / 1000.0,
                workload.executionPercentileMs(0.5) / 1000.0 * factor, p90, p90 * factor, direction
                        == SizeAdvice.Direction.UP ? String.format(Locale.ROOT, "; %.1f h queued for load a month "
                        + "assumed gone", workload.queuedOverloadMs() / 3_600_000.0 * period.monthlyFactor()) : "",
                SCALING_ASSUMPTION);
        List<Figure> figures = List.of(
                Figure.of("queries", workload.queries(), "queries"),
                Figure.of("queries spilling remotely", workload.queriesSpillingRemote(), "queries"),
                Figure.of("bytes spilled remotely", workload.bytesSpilledRemote(), "bytes"),
                Figure.of("queries spilling locally", workload.queriesSpillingLocal(), "queries"),
                Figure.of("time queued for load", workload.queuedOverloadMs() / 1000.0, "s"),
                Figure.of("execution time", workload.totalExecutionMs() / 1000.0, "s"),
                Figure.of("median execution", workload.executionPercentileMs(0.5) / 1000.0, "s"),
                Figure.of("p90 execution", p90, "s"),
                Figure.of("load", Math.round(load * 1000) / 1000.0, "queries running per billed cluster"),
                Figure.of("billed credits (replayed)", now.credits().doubleValue(), "credits"),
                Figure.of("execution time factor", Math.round(factor * 1000) / 1000.0, "x"));
        Level level = workload.queries() >= 200 && period.days() >= 7 ? Level.MEDIUM : Level.LOW;
        Confidence confidence = new Confidence(level, "an estimate under a stated scaling assumption, from "
                + workload.queries() + " queries over " + Math.round(period.days()) + " days; never high before "
                + "the change is measured");
        Recommendation r = new Recommendation(Kind.WAREHOUSE_SIZE, warehouse.name(), warehouse.size().sql(),
                target.sql(), BigDecimal.valueOf(savings).setScale(3, RoundingMode.HALF_UP),
                BigDecimal.valueOf(savings).multiply(pricePerCredit).setScale(2, RoundingMode.HALF_UP), currency,
                effect, new Evidence(period, figures), confidence, AlterWarehouseSql.size(warehouse.name(), target));
        return new SizeAdvice(direction, findings, Optional.of(r));
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
