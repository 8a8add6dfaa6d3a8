package io.ledgerhouse.advise.engine;

import java.math.BigDecimal;
import java.util.List;

/**
 * One change the advisor proposes for one warehouse: what, from what to what, what it saves a month (negative when it
 * costs more, as an upsize does) in credits and in money, what it does to performance, the figures it rests on and the
 * period they come from, how sure the advisor is and why, and the statement that makes the change.
 */
public record Recommendation(Kind kind, String warehouse, String currentValue, String proposedValue,
        BigDecimal monthlySavingsCredits, BigDecimal monthlySavingsMoney, String currency, String performanceEffect,
        Evidence evidence, Confidence confidence, String sql) {

    public enum Kind {
        AUTO_SUSPEND, WAREHOUSE_SIZE, MIN_CLUSTER_COUNT, MAX_CLUSTER_COUNT, SCALING_POLICY
    }

    /** The figures a recommendation rests on, over the period analysed. */
    public record Evidence(AnalysisPeriod period, List<Figure> figures) {
    }

    /** A named figure with its unit ("%", "credits", "queries", "s", ...). */
    public record Figure(String name, BigDecimal value, String unit) {
        public static Figure of(String name, double value, String unit) {
            return new Figure(name, BigDecimal.valueOf(value).setScale(value == Math.rint(value) ? 0 : 3,
                    java.math.RoundingMode.HALF_UP), unit);
        }
    }

    public enum Level {
        HIGH, MEDIUM, LOW
    }

    public record Confidence(Level level, String why) {
    }
}
