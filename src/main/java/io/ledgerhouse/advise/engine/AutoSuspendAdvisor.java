package io.ledgerhouse.advise.engine;

import io.ledgerhouse.advise.engine.Recommendation.Confidence;
import io.ledgerhouse.advise.engine.Recommendation.Evidence;
import io.ledgerhouse.advise.engine.Recommendation.Figure;
import io.ledgerhouse.advise.engine.Recommendation.Kind;
import io.ledgerhouse.advise.engine.Recommendation.Level;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses an AUTO_SUSPEND for a warehouse from its replayed curve:
 *
 * <ol>
 *   <li>Replay the current setting and every candidate ({@link AutoSuspendReplay#curve}).</li>
 *   <li>Fidelity: (replayed current - metered) / metered. Beyond the bound (default 10%), or with nothing metered,
 *       no recommendation: the replay does not explain this warehouse's bill.</li>
 *   <li>Budget: a candidate is admissible when its cold-cache share exceeds the current one by at most the class's
 *       budget (interactive 5 points, ETL unlimited by default).</li>
 *   <li>Choice: the admissible candidate saving most; among those within the tie share of the current cost of it, the
 *       longest (fewer cold starts, less reliance on the replay's precision).</li>
 *   <li>Materiality: the saving must reach both the minimum share of the current cost and the minimum credits a
 *       month; the chosen setting must differ from the current one.</li>
 * </ol>
 */
public final class AutoSuspendAdvisor {

    private final AdvisorSettings settings;

    public AutoSuspendAdvisor(AdvisorSettings settings) {
        this.settings = settings;
    }

    /**
     * The study of {@code warehouse} over {@code period}: {@code meteredCredits} is WAREHOUSE_METERING_HISTORY's compute
     * credits of the same period, {@code classOverride} an operator's class (null to infer it).
     */
    public AutoSuspendStudy study(WarehouseConfiguration warehouse, WarehouseWorkload workload, AnalysisPeriod period,
            BigDecimal meteredCredits, BigDecimal pricePerCredit, String currency, WorkloadClass classOverride) {
        List<ReplayedSetting> curve = AutoSuspendReplay.curve(workload.timeline(), warehouse, period, pricePerCredit);
        ReplayedSetting current = curve.stream().filter(s -> s.autoSuspendSeconds() == warehouse.autoSuspendSeconds())
                .findFirst().orElseThrow();
        ClassInference inference = WorkloadClassifier.classify(workload, period, classOverride);
        double budget = settings.coldBudget(inference.workloadClass());
        Double fidelity = meteredCredits == null || meteredCredits.signum() == 0 ? null
                : current.credits().subtract(meteredCredits).doubleValue() / meteredCredits.doubleValue() * 100;
        String name = warehouse.name();
        if (fidelity == null) {
            return none(name, period, curve, current, meteredCredits, null, inference, budget,
                    "nothing metered in the period: the replay cannot be checked");
        }
        if (Math.abs(fidelity) > settings.fidelityBoundPercent()) {
            return none(name, period, curve, current, meteredCredits, fidelity, inference, budget, String.format(
                    Locale.ROOT, "the replay of the current setting is %+.1f%% off the metered credits (bound %.0f%%)",
                    fidelity, settings.fidelityBoundPercent()));
        }
        ReplayedSetting best = current;
        BigDecimal bestSaving = BigDecimal.ZERO;
        for (ReplayedSetting s : curve) {
            BigDecimal saving = current.credits().subtract(s.credits());
            if (s.coldShare() - current.coldShare() <= budget + 1e-12 && saving.compareTo(bestSaving) > 0) {
                best = s;
                bestSaving = saving;
            }
        }
        // near-ties go to the longest setting
        BigDecimal tie = current.credits().multiply(BigDecimal.valueOf(settings.tieShare()));
        for (ReplayedSetting s : curve) {
            BigDecimal saving = current.credits().subtract(s.credits());
            if (s.coldShare() - current.coldShare() <= budget + 1e-12 && saving.signum() > 0
                    && saving.compareTo(bestSaving.subtract(tie)) >= 0 && longer(s, best)) {
                best = s;
            }
        }
        BigDecimal saving = current.credits().subtract(best.credits());
        double monthly = saving.doubleValue() * period.monthlyFactor();
        if (best == current) {
            return none(name, period, curve, current, meteredCredits, fidelity, inference, budget,
                    "no candidate within the cold-start budget costs less than the current setting");
        }
        if (saving.doubleValue() < settings.minimumSavingsShare() * current.credits().doubleValue()
                || monthly < settings.minimumMonthlyCredits()) {
            return new AutoSuspendStudy(name, period, curve, current, meteredCredits, fidelity, inference, budget,
                    Optional.of(best), Optional.empty(), String.format(Locale.ROOT,
                            "the best admissible setting (%s) saves %.3f credits a month (%.1f%%): immaterial",
                            best.label(), monthly, 100 * saving.doubleValue() / current.credits().doubleValue()));
        }
        BigDecimal monthlyCredits = BigDecimal.valueOf(monthly).setScale(3, RoundingMode.HALF_UP);
        BigDecimal monthlyMoney = BigDecimal.valueOf(monthly).multiply(pricePerCredit).setScale(2,
                RoundingMode.HALF_UP);
        String effect = String.format(Locale.ROOT, "%d resumes instead of %d; %.1f%% of queries arrive to a cold cache "
                + "instead of %.1f%%", best.resumes(), current.resumes(), 100 * best.coldShare(),
                100 * current.coldShare());
        List<Figure> figures = List.of(
                Figure.of("fidelity error", round(fidelity), "%"),
                Figure.of("metered credits", meteredCredits.doubleValue(), "credits"),
                Figure.of("replayed credits at current setting", current.credits().doubleValue(), "credits"),
                Figure.of("replayed credits at proposed setting", best.credits().doubleValue(), "credits"),
                Figure.of("queries", current.queries(), "queries"),
                Figure.of("resumes at current setting", current.resumes(), "resumes"),
                Figure.of("resumes at proposed setting", best.resumes(), "resumes"),
                Figure.of("cold-cache queries at current setting", current.coldQueries(), "queries"),
                Figure.of("cold-cache queries at proposed setting", best.coldQueries(), "queries"),
                Figure.of("cold-start budget", 100 * budget, "percentage points"));
        Recommendation r = new Recommendation(Kind.AUTO_SUSPEND, name, String.valueOf(current.autoSuspendSeconds()),
                String.valueOf(best.autoSuspendSeconds()), monthlyCredits, monthlyMoney, currency, effect,
                new Evidence(period, figures), confidence(fidelity, period, current), AlterWarehouseSql.autoSuspend(
                        name, best.autoSuspendSeconds()));
        return new AutoSuspendStudy(name, period, curve, current, meteredCredits, fidelity, inference, budget,
                Optional.of(best), Optional.of(r), String.format(Locale.ROOT,
                        "%s saves %.1f%% within the %s cold-start budget", best.label(),
                        100 * saving.doubleValue() / current.credits().doubleValue(),
                        inference.workloadClass().name().toLowerCase(Locale.ROOT)));
    }

    private Confidence confidence(double fidelity, AnalysisPeriod period, ReplayedSetting current) {
        String why = String.format(Locale.ROOT, "replay within %.1f%% of metering over %.0f days and %d resumes",
                Math.abs(fidelity), period.days(), current.resumes());
        if (Math.abs(fidelity) <= 3 && period.days() >= 14 && current.queries() >= 100) {
            return new Confidence(Level.HIGH, why);
        }
        if (Math.abs(fidelity) <= settings.fidelityBoundPercent() / 2 && period.days() >= 7) {
            return new Confidence(Level.MEDIUM, why);
        }
        return new Confidence(Level.LOW, why + " (short period or loose fit)");
    }

    private static boolean longer(ReplayedSetting a, ReplayedSetting b) {
        long x = a.never() ? Long.MAX_VALUE : a.effectiveSuspendSeconds();
        long y = b.never() ? Long.MAX_VALUE : b.effectiveSuspendSeconds();
        return x > y;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static AutoSuspendStudy none(String name, AnalysisPeriod period, List<ReplayedSetting> curve,
            ReplayedSetting current, BigDecimal metered, Double fidelity, ClassInference inference, double budget,
            String why) {
        return new AutoSuspendStudy(name, period, curve, current, metered, fidelity, inference, budget,
                Optional.empty(), Optional.empty(), why);
    }
}
