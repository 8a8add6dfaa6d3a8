package io.ledgerhouse.advise.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BigQuery storage advice from a day's TABLE_STORAGE snapshot, the datasets' options and the last time jobs referenced
 * each table:
 *
 * <ol>
 *   <li><b>Billing model</b> per dataset: its month under logical (active x 0.02 + long-term x 0.01 per GiB) and under
 *       physical billing ((active, time travel included, + fail-safe) x 0.04 + long-term x 0.02); advise the other
 *       model when it saves at least 10%. A dataset can switch back only after 14 days.</li>
 *   <li><b>Time travel</b> on physical billing: a window above 48 hours shortened to 48 saves about the share of its
 *       time-travel bytes beyond 48 hours (assumed proportional to the window) at the active physical price.</li>
 *   <li><b>Expiration</b>: a table no job referenced for 90 days or more (as far as the collected job history
 *       reaches), costing its monthly storage under its dataset's model.</li>
 * </ol>
 */
public final class BigQueryStorageAdvisor {

    public static final String BILLING_MODEL = "BIGQUERY_STORAGE_BILLING_MODEL";
    public static final String TIME_TRAVEL = "BIGQUERY_TIME_TRAVEL";
    public static final String EXPIRATION = "BIGQUERY_TABLE_EXPIRATION";
    static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);
    static final BigDecimal MINIMUM_SHARE = new BigDecimal("0.10");
    static final Duration UNREAD = Duration.ofDays(90);

    private BigQueryStorageAdvisor() {
    }

    /** Storage prices per GiB-month. */
    public record Prices(BigDecimal logicalActive, BigDecimal logicalLongTerm, BigDecimal physicalActive,
            BigDecimal physicalLongTerm) {
    }

    /** One table of the snapshot; {@code lastReferenced} null when no collected job referenced it. */
    public record Table(String project, String dataset, String table, long activeLogical, long longTermLogical,
            long activePhysical, long longTermPhysical, long timeTravelPhysical, long failSafePhysical,
            Instant created, Instant lastReferenced) {

        BigDecimal logicalMonth(Prices p) {
            return gib(activeLogical).multiply(p.logicalActive()).add(gib(longTermLogical).multiply(p.logicalLongTerm()));
        }

        BigDecimal physicalMonth(Prices p) {
            return gib(activePhysical + failSafePhysical).multiply(p.physicalActive())
                    .add(gib(longTermPhysical).multiply(p.physicalLongTerm()));
        }
    }

    /** A dataset's options: billing model (LOGICAL unless set) and time travel window in hours (168 unless set). */
    public record Dataset(String project, String dataset, String billingModel, Integer timeTravelHours) {
        boolean physical() {
            return "PHYSICAL".equalsIgnoreCase(billingModel);
        }

        int hours() {
            return timeTravelHours == null ? 168 : timeTravelHours;
        }
    }

    /**
     * The advice for a snapshot taken at {@code asOf}; job references are known from {@code referencesSince} (the
     * earliest collected job), so a table counts as unread only when that reaches back 90 days.
     */
    public static List<ObjectRecommendation> advise(List<Dataset> datasets, List<Table> tables, Instant asOf,
            Instant referencesSince, Prices prices, String currency) {
        List<ObjectRecommendation> out = new ArrayList<>();
        AnalysisPeriod snapshot = new AnalysisPeriod(asOf.minus(Duration.ofDays(1)), asOf);
        for (Dataset d : datasets) {
            List<Table> mine = tables.stream().filter(t -> t.project().equals(d.project())
                    && t.dataset().equals(d.dataset())).toList();
            if (mine.isEmpty()) {
                continue;
            }
            BigDecimal logical = mine.stream().map(t -> t.logicalMonth(prices)).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal physical = mine.stream().map(t -> t.physicalMonth(prices)).reduce(BigDecimal.ZERO,
                    BigDecimal::add);
            BigDecimal current = d.physical() ? physical : logical;
            BigDecimal other = d.physical() ? logical : physical;
            String target = d.project() + "." + d.dataset();
            if (current.signum() > 0 && current.subtract(other).compareTo(current.multiply(MINIMUM_SHARE)) >= 0) {
                String to = d.physical() ? "LOGICAL" : "PHYSICAL";
                out.add(new ObjectRecommendation(BILLING_MODEL, "dataset", target, d.physical() ? "PHYSICAL"
                        : "LOGICAL", to, money(current.subtract(other)), currency,
                        "none on queries; the dataset can switch back only after 14 days",
                        new Recommendation.Evidence(snapshot, List.of(
                                new Recommendation.Figure("logical billing a month", money(logical), currency),
                                new Recommendation.Figure("physical billing a month", money(physical), currency))),
                        List.of("today's TABLE_STORAGE snapshot stays as it is for the month",
                                "physical billing charges time travel and fail-safe bytes at the active rate"),
                        Map.of(), new Recommendation.Confidence(Recommendation.Level.MEDIUM,
                                "one day's snapshot of every table of the dataset"),
                        "ALTER SCHEMA " + quote(target) + " SET OPTIONS (storage_billing_model = '" + to + "');"));
            }
            if (d.physical() && d.hours() > 48) {
                long timeTravel = mine.stream().mapToLong(Table::timeTravelPhysical).sum();
                BigDecimal saving = gib(timeTravel).multiply(BigDecimal.valueOf(d.hours() - 48))
                        .divide(BigDecimal.valueOf(d.hours()), 10, RoundingMode.HALF_UP)
                        .multiply(prices.physicalActive());
                if (saving.compareTo(new BigDecimal("1")) >= 0) {
                    out.add(new ObjectRecommendation(TIME_TRAVEL, "dataset", target, d.hours() + " hours",
                            "48 hours", money(saving), currency, "changed or deleted data can be recovered for 2 days "
                                    + "instead of " + d.hours() / 24.0 + " (fail-safe keeps 7 more days for support)",
                            new Recommendation.Evidence(snapshot, List.of(Recommendation.Figure.of(
                                    "time-travel bytes", timeTravel / (double) (1L << 30), "GiB"))),
                            List.of("time-travel bytes are proportional to the window"), Map.of(),
                            new Recommendation.Confidence(Recommendation.Level.MEDIUM,
                                    "time-travel bytes of one day's snapshot"),
                            "ALTER SCHEMA " + quote(target) + " SET OPTIONS (max_time_travel_hours = 48);"));
                }
            }
            boolean historyLongEnough = referencesSince != null && !referencesSince.isAfter(asOf.minus(UNREAD));
            for (Table t : mine) {
                Instant since = t.lastReferenced() != null ? t.lastReferenced()
                        : t.created() != null && t.created().isAfter(referencesSince == null ? asOf : referencesSince)
                                ? t.created() : referencesSince;
                if (since == null || since.isAfter(asOf.minus(UNREAD)) || (!historyLongEnough
                        && t.lastReferenced() == null)) {
                    continue;
                }
                BigDecimal month = d.physical() ? t.physicalMonth(prices) : t.logicalMonth(prices);
                if (month.compareTo(new BigDecimal("1")) < 0) {
                    continue;
                }
                String table = target + "." + t.table();
                long days = Duration.between(since, asOf).toDays();
                out.add(new ObjectRecommendation(EXPIRATION, "table", table, "no expiration",
                        "expire in 30 days", money(month), currency, "queries of the table fail once it has expired",
                        new Recommendation.Evidence(new AnalysisPeriod(since, asOf), List.of(
                                Recommendation.Figure.of("days without a job referencing it", days, "days"))),
                        List.of("reads are jobs' referenced_tables in the collected job history; reads from "
                                + "outside BigQuery jobs (e.g. the Storage Read API) are not seen"), Map.of(),
                        new Recommendation.Confidence(Recommendation.Level.LOW,
                                "unread by collected jobs; confirm with the owner"),
                        "ALTER TABLE " + quote(table) + " SET OPTIONS (expiration_timestamp = "
                                + "TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 30 DAY));"));
            }
        }
        return out;
    }

    private static BigDecimal gib(long bytes) {
        return BigDecimal.valueOf(bytes).divide(GIB);
    }

    private static BigDecimal money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }

    /** {@code project.dataset[.table]} as one backtick-quoted path. */
    static String quote(String path) {
        return "`" + path.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }
}
