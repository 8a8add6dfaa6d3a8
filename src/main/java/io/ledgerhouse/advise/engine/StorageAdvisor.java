package io.ledgerhouse.advise.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Storage lifecycle advice for a Snowflake account, from its latest table storage snapshot:
 * <ol>
 * <li>{@code STORAGE_RETENTION}: a churning table (time-travel bytes ≥ {@link StorageSettings#timeTravelRatio()} ×
 * active bytes) gets a shorter DATA_RETENTION_TIME_IN_DAYS;</li>
 * <li>{@code STORAGE_TRANSIENT}: a permanent table in a staging-like schema or database, or one that is replaced
 * within days of its creation, becomes transient (no fail-safe);</li>
 * <li>{@code STORAGE_UNUSED}: a table nobody read for {@link StorageSettings#unreadDays()} days (only when
 * ACCESS_HISTORY was collected) is an archive or drop candidate, with what keeping it costs a month.</li>
 * </ol>
 * Money is bytes / 2^40 × the price per TB-month, rounded to cents; advice saving less than the minimum is dropped.
 */
public final class StorageAdvisor {

    public static final String RETENTION = "STORAGE_RETENTION";
    public static final String TRANSIENT = "STORAGE_TRANSIENT";
    public static final String UNUSED = "STORAGE_UNUSED";

    static final BigDecimal BYTES_PER_TB = BigDecimal.valueOf(1L << 40);

    private final StorageSettings settings;

    public StorageAdvisor(StorageSettings settings) {
        this.settings = settings;
    }

    /**
     * Advice on {@code tables} (one snapshot, dropped tables in fail-safe included) as of {@code asOf}.
     *
     * @param readsObservedSince since when ACCESS_HISTORY reads are known (null: not collected, so no unused-table
     *        advice); a table without a read since then was not read for at least that long
     * @param priceNote where the price comes from, stated in the evidence
     */
    public List<ObjectRecommendation> advise(List<StoredTable> tables, Instant asOf, Instant readsObservedSince,
            BigDecimal pricePerTbMonth, String currency, String priceNote) {
        Map<String, List<StoredTable>> droppedByName = new HashMap<>();
        for (StoredTable t : tables) {
            if (t.dropped() != null) {
                droppedByName.computeIfAbsent(t.qualifiedName(), k -> new ArrayList<>()).add(t);
            }
        }
        Price price = new Price(pricePerTbMonth, currency, priceNote);
        AnalysisPeriod snapshot = new AnalysisPeriod(asOf.minus(Duration.ofDays(1)), asOf);
        List<ObjectRecommendation> out = new ArrayList<>();
        for (StoredTable t : tables) {
            if (t.dropped() != null) {
                continue;
            }
            retention(t, snapshot, price).ifPresent(out::add);
            transientTable(t, droppedByName.getOrDefault(t.qualifiedName(), List.of()), snapshot, price)
                    .ifPresent(out::add);
            if (readsObservedSince != null && readsObservedSince.isBefore(asOf)) {
                unused(t, asOf, readsObservedSince, price).ifPresent(out::add);
            }
        }
        out.sort(Comparator.comparing(ObjectRecommendation::monthlySavingsMoney).reversed()
                .thenComparing(ObjectRecommendation::target).thenComparing(ObjectRecommendation::kind));
        return out;
    }

    private record Price(BigDecimal perTbMonth, String currency, String note) {
        BigDecimal monthly(double bytes) {
            return BigDecimal.valueOf(bytes).multiply(perTbMonth).divide(BYTES_PER_TB, 2, RoundingMode.HALF_UP);
        }
    }

    /** Rule 1: churning table → shorter time travel. */
    private java.util.Optional<ObjectRecommendation> retention(StoredTable t, AnalysisPeriod period, Price price) {
        long tt = t.timeTravelBytes();
        if (tt <= 0 || (t.activeBytes() > 0 && tt < settings.timeTravelRatio() * t.activeBytes())) {
            return java.util.Optional.empty();
        }
        boolean known = t.retentionDays() != null;
        int current = known ? t.retentionDays() : t.isTransient() ? 1 : settings.assumedRetentionDays();
        int proposed = t.isTransient() ? 0 : Math.min(settings.proposedRetentionDays(), current);
        if (current <= proposed) {
            return java.util.Optional.empty();
        }
        double share = (current - proposed) / (double) current;
        BigDecimal savings = price.monthly(tt * share);
        if (savings.doubleValue() < settings.minimumMonthlySavings()) {
            return java.util.Optional.empty();
        }
        List<String> assumptions = new ArrayList<>();
        assumptions.add("time-travel bytes are the table's changes over its retention, so they shrink in proportion: "
                + "× " + proposed + "/" + current);
        if (!known) {
            assumptions.add(t.isTransient() ? "a transient table keeps at most 1 day of time travel"
                    : "the current DATA_RETENTION_TIME_IN_DAYS is not collected; assumed " + current + " days (check "
                            + "with SHOW PARAMETERS LIKE 'DATA_RETENTION_TIME_IN_DAYS' IN TABLE)");
        }
        assumptions.add(price.note());
        List<Recommendation.Figure> figures = bytesFigures(t, price);
        figures.add(Recommendation.Figure.of("time travel / active", t.activeBytes() == 0 ? 0
                : (double) tt / t.activeBytes(), "ratio"));
        figures.add(Recommendation.Figure.of("churn threshold", settings.timeTravelRatio(), "ratio"));
        figures.add(new Recommendation.Figure("time travel cost", price.monthly(tt), price.currency() + "/month"));
        Recommendation.Confidence confidence = known
                ? new Recommendation.Confidence(Recommendation.Level.MEDIUM, "the retention is known; the estimate "
                        + "assumes the table keeps churning as it did")
                : new Recommendation.Confidence(Recommendation.Level.LOW, "the table's current retention is not "
                        + "known and was assumed (" + current + " days)");
        return java.util.Optional.of(new ObjectRecommendation(RETENTION, "table", t.qualifiedName(),
                known || t.isTransient() ? Integer.toString(current) : "unknown", Integer.toString(proposed),
                savings, price.currency(), "none on queries; Time Travel (UNDROP, AT/BEFORE) reaches back "
                        + proposed + " day(s) instead of " + current, new Recommendation.Evidence(period, figures),
                assumptions, Map.of(), confidence, TableSql.retention(t.database(), t.schema(), t.name(),
                        proposed)));
    }

    /** Rule 2: transitory data in a permanent table → transient. */
    private java.util.Optional<ObjectRecommendation> transientTable(StoredTable t, List<StoredTable> predecessors,
            AnalysisPeriod period, Price price) {
        if (t.isTransient()) {
            return java.util.Optional.empty();
        }
        String stagingName = stagingName(t);
        List<StoredTable> shortLived = predecessors.stream().filter(p -> p.created() != null && Duration.between(
                p.created(), p.dropped()).toMillis() <= settings.shortLivedDays() * 86_400_000L).toList();
        if (stagingName == null && shortLived.isEmpty()) {
            return java.util.Optional.empty();
        }
        long failsafe = t.failsafeBytes() + shortLived.stream().mapToLong(StoredTable::failsafeBytes).sum();
        BigDecimal savings = price.monthly(failsafe);
        if (savings.doubleValue() < settings.minimumMonthlySavings()) {
            return java.util.Optional.empty();
        }
        List<Recommendation.Figure> figures = bytesFigures(t, price);
        figures.add(new Recommendation.Figure("fail-safe cost", price.monthly(t.failsafeBytes()),
                price.currency() + "/month"));
        String why;
        if (!shortLived.isEmpty()) {
            figures.add(Recommendation.Figure.of("dropped predecessors replaced within " + settings.shortLivedDays()
                    + " days", shortLived.size(), "tables"));
            figures.add(new Recommendation.Figure("their fail-safe bytes", BigDecimal.valueOf(failsafe
                    - t.failsafeBytes()), "bytes"));
            why = "the table is re-created within " + settings.shortLivedDays() + " days of its creation, and each "
                    + "dropped copy is billed 7 more days of fail-safe";
        } else {
            why = "its " + stagingName + " says the data is transitory and can be reloaded from its source";
        }
        List<String> assumptions = List.of("a transient table has no fail-safe; the saving counts only fail-safe "
                + "bytes (time travel beyond 1 day would go too, not counted)", "the data can be reloaded if lost, "
                + "since Snowflake cannot recover a transient table after its time travel", price.note());
        return java.util.Optional.of(new ObjectRecommendation(TRANSIENT, "table", t.qualifiedName(), "PERMANENT",
                "TRANSIENT", savings, price.currency(), "none on queries; the data loses the 7 days of fail-safe "
                        + "recovery and keeps at most 1 day of time travel", new Recommendation.Evidence(period,
                        figures), assumptions, Map.of(), new Recommendation.Confidence(Recommendation.Level.MEDIUM,
                        why), TableSql.toTransient(t.database(), t.schema(), t.name())));
    }

    /** The schema or database name that marks {@code t} as staging data, or null. */
    String stagingName(StoredTable t) {
        if (staging(t.schema())) {
            return "schema " + t.schema();
        }
        return staging(t.database()) ? "database " + t.database() : null;
    }

    private boolean staging(String name) {
        if (name == null) {
            return false;
        }
        for (String part : name.toUpperCase(Locale.ROOT).split("[^A-Z0-9]+")) {
            for (String s : settings.stagingNames()) {
                if (part.equals(s.toUpperCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Rule 3: nobody reads it → archive or drop. */
    private java.util.Optional<ObjectRecommendation> unused(StoredTable t, Instant asOf, Instant observedSince,
            Price price) {
        Instant lastSeen = t.lastRead() != null ? t.lastRead() : observedSince;
        Instant since = t.created() != null && t.created().isAfter(lastSeen) ? t.created() : lastSeen;
        long days = Duration.between(since, asOf).toDays();
        if (days < settings.unreadDays() || t.billedBytes() == 0) {
            return java.util.Optional.empty();
        }
        BigDecimal cost = price.monthly(t.billedBytes());
        if (cost.doubleValue() < settings.minimumMonthlySavings()) {
            return java.util.Optional.empty();
        }
        List<Recommendation.Figure> figures = bytesFigures(t, price);
        figures.add(Recommendation.Figure.of("days without a read", days, "days"));
        figures.add(Recommendation.Figure.of("unused threshold", settings.unreadDays(), "days"));
        figures.add(new Recommendation.Figure("cost of keeping it", cost, price.currency() + "/month"));
        Recommendation.Confidence confidence;
        String current;
        if (t.lastRead() != null) {
            current = "last read " + t.lastRead();
            confidence = new Recommendation.Confidence(days >= 2L * settings.unreadDays() ? Recommendation.Level.HIGH
                    : Recommendation.Level.MEDIUM, "ACCESS_HISTORY shows its last read " + days + " days ago");
        } else {
            current = "no read since " + observedSince;
            confidence = new Recommendation.Confidence(Recommendation.Level.MEDIUM, "no read in the " + days
                    + " days of ACCESS_HISTORY collected; reads by other accounts (shares) are not seen");
        }
        List<String> assumptions = List.of("dropping saves the whole storage once its time travel and 7 days of "
                + "fail-safe have passed", "archiving (COOL or COLD tier) saves less, at a price not in the store, "
                + "with 90 / 180-day minimums and retrieval charges", price.note());
        return java.util.Optional.of(new ObjectRecommendation(UNUSED, "table", t.qualifiedName(), current,
                "archive or drop", cost, price.currency(), "none for readers, since there are none; a dropped table "
                        + "can be restored with UNDROP only within its time travel",
                new Recommendation.Evidence(new AnalysisPeriod(since, asOf), figures), assumptions, Map.of(),
                confidence, TableSql.drop(t.database(), t.schema(), t.name())));
    }

    private static List<Recommendation.Figure> bytesFigures(StoredTable t, Price price) {
        List<Recommendation.Figure> f = new ArrayList<>();
        f.add(new Recommendation.Figure("active", BigDecimal.valueOf(t.activeBytes()), "bytes"));
        f.add(new Recommendation.Figure("time travel", BigDecimal.valueOf(t.timeTravelBytes()), "bytes"));
        f.add(new Recommendation.Figure("fail-safe", BigDecimal.valueOf(t.failsafeBytes()), "bytes"));
        f.add(new Recommendation.Figure("retained for clones", BigDecimal.valueOf(t.retainedForCloneBytes()),
                "bytes"));
        f.add(new Recommendation.Figure("storage price", price.perTbMonth(), price.currency() + "/TB-month"));
        return f;
    }
}
