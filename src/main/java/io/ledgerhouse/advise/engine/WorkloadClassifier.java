package io.ledgerhouse.advise.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells interactive from ETL work by signs anyone can check in QUERY_HISTORY, each a vote:
 *
 * <pre>
 * sign                                               ETL when            interactive when
 * queries tagged by a pipeline tool (dbt, Airflow)   >= 50%              -
 * statements that write (INSERT, MERGE, COPY, CTAS)  >= 50%              -
 * SELECTs                                            -                   >= 80%
 * arrivals in the busiest 6 minutes of the hour      >= 40% (scheduled)  < 20% (spread)
 * queries on weekends (periods of 7 days or more)    >= 15% (every day)  < 10% (office weeks)
 * queries executing 10 s or less                     -                   >= 70%
 * </pre>
 *
 * More ETL votes make it ETL; a tie is interactive (the class with the stricter cold-start budget).
 */
public final class WorkloadClassifier {

    private WorkloadClassifier() {
    }

    /** The class of {@code workload} over {@code period}, or {@code override} when given (non-null). */
    public static ClassInference classify(WarehouseWorkload workload, AnalysisPeriod period, WorkloadClass override) {
        if (override != null) {
            return new ClassInference(override, true, List.of("set by an operator"));
        }
        List<String> reasons = new ArrayList<>();
        int etl = 0;
        int interactive = 0;
        if (workload.pipelineTagShare() >= 0.5) {
            etl++;
            reasons.add(pct(workload.pipelineTagShare()) + " of queries tagged by a pipeline tool: ETL");
        }
        if (workload.writeShare() >= 0.5) {
            etl++;
            reasons.add(pct(workload.writeShare()) + " of statements write: ETL");
        }
        if (workload.selectShare() >= 0.8) {
            interactive++;
            reasons.add(pct(workload.selectShare()) + " of statements are SELECTs: interactive");
        }
        double concentration = workload.minuteConcentration();
        if (concentration >= 0.4) {
            etl++;
            reasons.add(pct(concentration) + " of arrivals in 6 minutes of the hour (scheduled): ETL");
        } else if (concentration < 0.2) {
            interactive++;
            reasons.add(pct(concentration) + " of arrivals in the busiest 6 minutes of the hour (spread): interactive");
        }
        if (period.days() >= 7) {
            double weekend = workload.weekendShare();
            if (weekend >= 0.15) {
                etl++;
                reasons.add(pct(weekend) + " of queries on weekends (runs every day): ETL");
            } else if (weekend < 0.10) {
                interactive++;
                reasons.add(pct(weekend) + " of queries on weekends (office weeks): interactive");
            }
        }
        double shortShare = workload.shareAtMost(10);
        if (shortShare >= 0.7) {
            interactive++;
            reasons.add(pct(shortShare) + " of queries execute in 10 s or less: interactive");
        }
        WorkloadClass c = etl > interactive ? WorkloadClass.ETL : WorkloadClass.INTERACTIVE;
        reasons.add(etl + " ETL vote(s) against " + interactive + " interactive");
        return new ClassInference(c, false, List.copyOf(reasons));
    }

    static String pct(double share) {
        return String.format(java.util.Locale.ROOT, "%.0f%%", share * 100);
    }
}
