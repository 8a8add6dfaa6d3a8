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
        AUTO_SUSPEND("s"), WAREHOUSE_SIZE(null), MIN_CLUSTER_COUNT("clusters"), MAX_CLUSTER_COUNT("clusters"),
        SCALING_POLICY(null);

        /** The unit of the current and proposed values, or null when they are names (a size, a policy). */
        public final String valueUnit;

        Kind(String valueUnit) {
            this.valueUnit = valueUnit;
        }
    }

    /**
     * The unit of a stored recommendation's current and proposed values by its kind: a warehouse setting's unit, a
     * table's retention in days; null for names and for the other advisors' kinds, whose values carry their unit in
     * the text ("48 hours").
     */
    public static String valueUnit(String kind) {
        if (StorageAdvisor.RETENTION.equals(kind)) {
            return "days";
        }
        for (Kind k : Kind.values()) {
            if (k.name().equals(kind)) {
                return k.valueUnit;
            }
        }
        return null;
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
