package io.ledgerhouse.advise.engine;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The whole auto-suspend analysis of one warehouse: every replayed setting (the curve, current one included), the
 * metered credits of the same period and the replay's fidelity error against them (signed percent; null when nothing
 * was metered), the workload class and its cold-start budget, the setting chosen (if any), the recommendation (if
 * any) and, in words, why there is or is not one.
 */
public record AutoSuspendStudy(String warehouse, AnalysisPeriod period, List<ReplayedSetting> curve,
        ReplayedSetting current, BigDecimal meteredCredits, Double fidelityErrorPercent, ClassInference workloadClass,
        double coldBudget, Optional<ReplayedSetting> chosen, Optional<Recommendation> recommendation, String verdict) {
}
