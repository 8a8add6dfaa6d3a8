package io.ledgerhouse.advise.engine;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * BigQuery query advice over one period, fed one job at a time (memory grows with the distinct query patterns and
 * scanned tables, not with the jobs):
 *
 * <ol>
 *   <li><b>Patterns</b>: jobs grouped by {@code query_info.query_hashes.normalized_literals} and ranked by cost: an
 *       on-demand job costs its bytes billed / 2^40 x its region's price per TiB (the free tier left out), a
 *       reservation job its slot-ms share of the reservation-hours it ran in (given by the caller, as allocation
 *       splits them: idle slots are not the jobs'). Cache hits cost nothing.</li>
 *   <li>{@code BIGQUERY_QUERY_REPEATED}: a top pattern that executed (missed the cache) at least
 *       {@code repeatedMinimumRuns} times, at least twice a day on the days it ran, scanning about the same bytes each
 *       time: materialize it (a materialized view or a scheduled query into a summary table, refreshed once a day)
 *       and let the runs read that. Saving: every execution but one a day, the result's reads left out.</li>
 *   <li>{@code BIGQUERY_SELECT_STAR}: a top pattern selecting every column ({@code SELECT *}) and processing at least
 *       {@code selectStarMinimumGib} a run. Storage is columnar, so naming the needed columns cuts the bytes; no
 *       saving is estimated (which columns are needed is not known).</li>
 *   <li>{@code BIGQUERY_FULL_SCAN}: a large ({@code largeTableGib}+ logical), unpartitioned table that jobs read in
 *       full (bytes processed at least {@code fullScanShare} of the table), ranked by the cost of those scans (a
 *       job's cost times the table's share of its bytes). Partition it on a DATE / TIMESTAMP / DATETIME column, with
 *       the copy statement; saving: each scan assumed to need {@code assumedDaysRead} days of the table's age.
 *       Without such a column: cluster it on the filtered columns, no saving estimated.</li>
 * </ol>
 */
public final class BigQueryQueryAdvisor {

    public static final String REPEATED = "BIGQUERY_QUERY_REPEATED";
    public static final String SELECT_STAR = "BIGQUERY_SELECT_STAR";
    public static final String FULL_SCAN = "BIGQUERY_FULL_SCAN";
    static final BigDecimal TIB = BigDecimal.valueOf(1L << 40);
    static final double GIB = 1L << 30;
    /** BigQuery's limit of partitions per table: beyond it daily partitions must become monthly ones. */
    static final long MAX_PARTITIONS = 10_000;
    private static final Pattern SELECT_STAR_TEXT = Pattern.compile(
            "(?is)\\bSELECT\\s+(?:DISTINCT\\s+)?(?:[\\w`]+\\.)?\\*\\s*(?:,|\\bFROM\\b)");
    private static final Pattern LIMIT_TEXT = Pattern.compile("(?is)\\bLIMIT\\s+\\d+");

    /**
     * One job. {@code onDemandBytesBilled} are the bytes that carry an on-demand price (0 for reservation jobs, cache
     * hits, failed jobs and script parents), at {@code pricePerTib}; {@code reservationCost} is the job's slot-ms
     * share of its reservation-hours (null or 0 for on-demand jobs). Referenced tables are "project.dataset.table".
     */
    public record Job(String jobId, Instant created, String project, String user, Map<String, String> labels,
            String queryHash, String queryText, boolean cacheHit, long bytesProcessed, long onDemandBytesBilled,
            BigDecimal pricePerTib, long slotMs, BigDecimal reservationCost, List<String> referencedTables) {

        BigDecimal onDemandCost() {
            return onDemandBytesBilled <= 0 || pricePerTib == null ? BigDecimal.ZERO
                    : BigDecimal.valueOf(onDemandBytesBilled).multiply(pricePerTib).divide(TIB);
        }

        BigDecimal cost() {
            return onDemandCost().add(reservationCost == null ? BigDecimal.ZERO : reservationCost);
        }
    }

    /** A date or time column of a table (DATE, TIMESTAMP or DATETIME), in the table's column order. */
    public record Column(String name, String dataType) {
    }

    /**
     * A table as the latest TABLE_STORAGE snapshot and COLUMNS know it: logical bytes, creation time, whether it is
     * partitioned, its clustering columns (in order) and its date and time columns.
     */
    public record Table(String project, String dataset, String table, long logicalBytes, Instant created,
            boolean partitioned, List<String> clusteringColumns, List<Column> dateColumns) {

        public String path() {
            return project + "." + dataset + "." + table;
        }
    }

    /** One pattern's figures over the period; costs in the currency of the result. */
    public record QueryPattern(String queryHash, long runs, long cacheHits, long bytesProcessed, long bytesBilled,
            BigDecimal slotHours, BigDecimal periodCost, BigDecimal monthlyCost, BigDecimal onDemandCost,
            BigDecimal reservationCost, int users, List<String> topUsers, List<String> topLabels,
            List<String> tables, String sampleText) {
    }

    /** One large unpartitioned table's full scans over the period. */
    public record FullScan(String table, long logicalBytes, long scans, int patterns, int users,
            BigDecimal periodCost, BigDecimal monthlyCost, String partitionColumn, BigDecimal monthlySaving) {
    }

    public record Result(AnalysisPeriod period, String currency, List<QueryPattern> patterns,
            List<FullScan> fullScans, List<ObjectRecommendation> recommendations) {
    }

    private final BigQueryQuerySettings settings;
    private final AnalysisPeriod period;
    private final String currency;
    private final Map<String, Table> largeUnpartitioned = new HashMap<>();
    private final Map<String, PatternStats> patterns = new HashMap<>();
    private final Map<String, ScanStats> scans = new HashMap<>();

    private static final class PatternStats {
        long runs;
        long cacheHits;
        long executed;
        long bytesProcessed;
        long bytesBilled;
        long slotMs;
        long minExecutedBytes = Long.MAX_VALUE;
        long maxExecutedBytes;
        BigDecimal onDemand = BigDecimal.ZERO;
        BigDecimal reservation = BigDecimal.ZERO;
        final Set<Long> executionDays = new HashSet<>();
        final Map<String, Long> users = new HashMap<>();
        final Map<String, Long> labels = new HashMap<>();
        final Map<String, Long> tables = new HashMap<>();
        String sample;
    }

    private static final class ScanStats {
        long scans;
        BigDecimal cost = BigDecimal.ZERO;
        final Set<String> patterns = new HashSet<>();
        final Set<String> users = new HashSet<>();
    }

    /** {@code tables}: the latest snapshot's tables; only large unpartitioned ones matter for full scans. */
    public BigQueryQueryAdvisor(BigQueryQuerySettings settings, AnalysisPeriod period, String currency,
            List<Table> tables) {
        this.settings = settings;
        this.period = period;
        this.currency = currency;
        for (Table t : tables) {
            if (!t.partitioned() && t.logicalBytes() >= settings.largeTableGib() * GIB) {
                largeUnpartitioned.put(t.path(), t);
            }
        }
    }

    /** Adds one job; jobs created outside the period are ignored. */
    public void add(Job job) {
        if (job.created().isBefore(period.from()) || !job.created().isBefore(period.to())) {
            return;
        }
        BigDecimal cost = job.cost();
        if (job.queryHash() != null && !job.queryHash().isBlank()) {
            PatternStats p = patterns.computeIfAbsent(job.queryHash(), k -> new PatternStats());
            p.runs++;
            p.bytesProcessed += Math.max(0, job.bytesProcessed());
            p.bytesBilled += Math.max(0, job.onDemandBytesBilled());
            p.slotMs += Math.max(0, job.slotMs());
            p.onDemand = p.onDemand.add(job.onDemandCost());
            p.reservation = p.reservation.add(job.reservationCost() == null ? BigDecimal.ZERO : job.reservationCost());
            if (job.cacheHit()) {
                p.cacheHits++;
            } else {
                p.executed++;
                p.minExecutedBytes = Math.min(p.minExecutedBytes, job.bytesProcessed());
                p.maxExecutedBytes = Math.max(p.maxExecutedBytes, job.bytesProcessed());
                p.executionDays.add(Math.floorDiv(job.created().getEpochSecond(), 86_400L));
            }
            if (job.user() != null) {
                p.users.merge(job.user(), 1L, Long::sum);
            }
            if (job.labels() != null) {
                job.labels().forEach((k, v) -> p.labels.merge(k + "=" + v, 1L, Long::sum));
            }
            if (job.referencedTables() != null) {
                job.referencedTables().forEach(t -> p.tables.merge(t, 1L, Long::sum));
            }
            if (p.sample == null && job.queryText() != null && !job.queryText().isBlank()) {
                String text = job.queryText().strip().replaceAll("\\s+", " ");
                p.sample = text.length() > settings.sampleTextLength() ? text.substring(0,
                        settings.sampleTextLength()) + "…" : text;
            }
        }
        if (job.referencedTables() != null && !job.cacheHit() && job.bytesProcessed() > 0) {
            for (String path : job.referencedTables()) {
                Table t = largeUnpartitioned.get(path);
                if (t == null || job.bytesProcessed() < settings.fullScanShare() * t.logicalBytes()) {
                    continue;
                }
                ScanStats s = scans.computeIfAbsent(path, k -> new ScanStats());
                s.scans++;
                // the table's share of the job's bytes carries that share of its cost (a join reads other tables too)
                BigDecimal share = BigDecimal.ONE.min(BigDecimal.valueOf(t.logicalBytes()).divide(BigDecimal.valueOf(
                        job.bytesProcessed()), MathContext.DECIMAL64));
                s.cost = s.cost.add(cost.multiply(share));
                if (job.queryHash() != null) {
                    s.patterns.add(job.queryHash());
                }
                if (job.user() != null) {
                    s.users.add(job.user());
                }
            }
        }
    }

    /** The ranked patterns and full scans, and the advice on the top ones. */
    public Result result() {
        BigDecimal monthly = BigDecimal.valueOf(period.monthlyFactor());
        List<Map.Entry<String, PatternStats>> ranked = new ArrayList<>(patterns.entrySet());
        ranked.sort(Comparator.comparing((Map.Entry<String, PatternStats> e) -> e.getValue().onDemand
                .add(e.getValue().reservation)).reversed().thenComparing(Map.Entry::getKey));
        List<QueryPattern> top = new ArrayList<>();
        List<ObjectRecommendation> recommendations = new ArrayList<>();
        for (Map.Entry<String, PatternStats> e : ranked.subList(0, Math.min(settings.topPatterns(), ranked.size()))) {
            PatternStats p = e.getValue();
            BigDecimal cost = p.onDemand.add(p.reservation);
            QueryPattern q = new QueryPattern(e.getKey(), p.runs, p.cacheHits, p.bytesProcessed, p.bytesBilled,
                    BigDecimal.valueOf(p.slotMs).divide(BigDecimal.valueOf(3_600_000L), 3, RoundingMode.HALF_UP),
                    money(cost), money(cost.multiply(monthly)), money(p.onDemand), money(p.reservation),
                    p.users.size(), top(p.users, 3), top(p.labels, 3), top(p.tables, 3), p.sample);
            top.add(q);
            if (q.monthlyCost().doubleValue() < settings.minimumMonthlyCost()) {
                continue;
            }
            repeated(q, p, cost).ifPresent(recommendations::add);
            selectStar(q, p).ifPresent(recommendations::add);
        }
        List<FullScan> fullScans = new ArrayList<>();
        for (Map.Entry<String, ScanStats> e : scans.entrySet()) {
            Table t = largeUnpartitioned.get(e.getKey());
            ScanStats s = e.getValue();
            BigDecimal perMonth = s.cost.multiply(monthly);
            Optional<Column> column = partitionColumn(t);
            double keep = keptShare(t);
            BigDecimal saving = column.isPresent() && keep < 1 ? money(perMonth.multiply(BigDecimal.valueOf(1 - keep)))
                    : null;
            FullScan scan = new FullScan(t.path(), t.logicalBytes(), s.scans, s.patterns.size(), s.users.size(),
                    money(s.cost), money(perMonth), column.map(Column::name).orElse(null), saving);
            fullScans.add(scan);
            if (scan.monthlyCost().doubleValue() >= settings.minimumMonthlyCost()) {
                recommendations.add(fullScan(scan, t, column, keep));
            }
        }
        fullScans.sort(Comparator.comparing(FullScan::periodCost).reversed().thenComparing(FullScan::table));
        recommendations.sort(Comparator.comparing((ObjectRecommendation r) -> r.monthlySavingsMoney() == null
                ? BigDecimal.valueOf(-1) : r.monthlySavingsMoney()).reversed()
                .thenComparing(ObjectRecommendation::kind).thenComparing(ObjectRecommendation::target));
        return new Result(period, currency, List.copyOf(top), List.copyOf(fullScans), recommendations);
    }

    private List<Recommendation.Figure> figures(QueryPattern q) {
        List<Recommendation.Figure> f = new ArrayList<>();
        f.add(Recommendation.Figure.of("runs", q.runs(), "queries"));
        f.add(Recommendation.Figure.of("cache hits", q.cacheHits(), "queries"));
        f.add(new Recommendation.Figure("pattern cost", q.periodCost(), currency));
        f.add(new Recommendation.Figure("pattern cost a month", q.monthlyCost(), currency + "/month"));
        f.add(new Recommendation.Figure("on-demand cost", q.onDemandCost(), currency));
        f.add(new Recommendation.Figure("reservation cost (slot-ms share)", q.reservationCost(), currency));
        f.add(Recommendation.Figure.of("bytes processed", q.bytesProcessed() / GIB, "GiB"));
        f.add(new Recommendation.Figure("slot time", q.slotHours(), "slot-hours"));
        f.add(Recommendation.Figure.of("users", q.users(), "users"));
        return f;
    }

    private Map<String, String> context(QueryPattern q) {
        Map<String, String> c = new LinkedHashMap<>();
        if (q.sampleText() != null) {
            c.put("sampleText", q.sampleText());
        }
        if (!q.topUsers().isEmpty()) {
            c.put("users", String.join(", ", q.topUsers()));
        }
        if (!q.topLabels().isEmpty()) {
            c.put("labels", String.join(", ", q.topLabels()));
        }
        if (!q.tables().isEmpty()) {
            c.put("tables", String.join(", ", q.tables()));
        }
        return c;
    }

    private Optional<ObjectRecommendation> repeated(QueryPattern q, PatternStats p, BigDecimal cost) {
        long days = p.executionDays.size();
        if (p.executed < settings.repeatedMinimumRuns() || p.executed < 2 * days
                || p.maxExecutedBytes - p.minExecutedBytes > settings.repeatedStableSpread() * p.maxExecutedBytes) {
            return Optional.empty();
        }
        // one execution a day refreshes the materialized result; the other executions read it instead of the tables
        BigDecimal saving = cost.multiply(BigDecimal.valueOf(p.executed - days)).divide(BigDecimal.valueOf(p.executed),
                MathContext.DECIMAL64).multiply(BigDecimal.valueOf(period.monthlyFactor()));
        List<Recommendation.Figure> f = figures(q);
        f.add(Recommendation.Figure.of("executions (cache misses)", p.executed, "queries"));
        f.add(Recommendation.Figure.of("days with executions", days, "days"));
        f.add(Recommendation.Figure.of("executions a day", (double) p.executed / days, "queries/day"));
        f.add(Recommendation.Figure.of("bytes processed per execution, smallest", p.minExecutedBytes / GIB, "GiB"));
        f.add(Recommendation.Figure.of("bytes processed per execution, largest", p.maxExecutedBytes / GIB, "GiB"));
        return Optional.of(new ObjectRecommendation(REPEATED, "query_pattern", q.queryHash(),
                p.executed + " executions in " + days + " days, " + p.cacheHits + " cache hits",
                "materialize: a materialized view, or a scheduled query into a summary table refreshed once a day, "
                        + "that these runs read",
                money(saving), currency, "runs read a small precomputed result instead of scanning the tables",
                new Recommendation.Evidence(period, f), List.of("one execution a day refreshes the result; the other "
                        + p.executed + " − " + days + " executions are saved",
                        "reading the materialized result costs little next to the scan and is left out",
                        "bytes processed per execution varying by at most " + Math.round(100
                                * settings.repeatedStableSpread()) + "% mean the runs read the same data"),
                context(q), new Recommendation.Confidence(Recommendation.Level.MEDIUM, "the same query shape (literals "
                        + "aside) ran " + p.executed + " times on the same volume of data; whether one result can "
                        + "serve them (their literals, the freshness they need) is for its owners to confirm"),
                null));
    }

    private Optional<ObjectRecommendation> selectStar(QueryPattern q, PatternStats p) {
        if (q.sampleText() == null || !SELECT_STAR_TEXT.matcher(q.sampleText()).find() || p.executed == 0
                || (double) p.bytesProcessed / p.executed < settings.selectStarMinimumGib() * GIB) {
            return Optional.empty();
        }
        boolean limit = LIMIT_TEXT.matcher(q.sampleText()).find();
        List<Recommendation.Figure> f = figures(q);
        f.add(Recommendation.Figure.of("bytes processed per execution", p.bytesProcessed / GIB / p.executed, "GiB"));
        return Optional.of(new ObjectRecommendation(SELECT_STAR, "query_pattern", q.queryHash(), "SELECT *"
                + (limit ? " ... LIMIT" : ""), "select only the columns needed (or SELECT * EXCEPT the large ones)",
                null, currency, "storage is columnar: every column not read is bytes not processed"
                        + (limit ? "; LIMIT does not reduce the bytes processed, a table preview is free" : "")
                        + "; no saving is estimated: which columns the runs need is not known",
                new Recommendation.Evidence(period, f), List.of("the example text stands for every run of the pattern "
                        + "(they differ only in literals)"), context(q), new Recommendation.Confidence(
                        Recommendation.Level.HIGH, "the pattern's text selects every column"), null));
    }

    /** The candidate partitioning column: a DATE column first, then TIMESTAMP, then DATETIME, in column order. */
    static Optional<Column> partitionColumn(Table t) {
        for (String type : List.of("DATE", "TIMESTAMP", "DATETIME")) {
            for (Column c : t.dateColumns()) {
                if (type.equalsIgnoreCase(c.dataType())) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /** The table's age in whole days at the period's end (at least 1). */
    private long ageDays(Table t) {
        return t.created() == null ? 0 : Math.max(1, Duration.between(t.created(), period.to()).toDays());
    }

    /** Share of a scan's bytes still read once partitioned: assumed days read over the table's age, at most 1. */
    private double keptShare(Table t) {
        long age = ageDays(t);
        return age == 0 ? 1 : Math.min(1.0, (double) settings.assumedDaysRead() / age);
    }

    private ObjectRecommendation fullScan(FullScan s, Table t, Optional<Column> column, double keep) {
        List<Recommendation.Figure> f = new ArrayList<>();
        f.add(Recommendation.Figure.of("table logical bytes", t.logicalBytes() / GIB, "GiB"));
        f.add(Recommendation.Figure.of("full scans", s.scans(), "jobs"));
        f.add(Recommendation.Figure.of("query patterns scanning it", s.patterns(), "patterns"));
        f.add(Recommendation.Figure.of("users scanning it", s.users(), "users"));
        f.add(new Recommendation.Figure("cost of the scans", s.periodCost(), currency));
        f.add(new Recommendation.Figure("cost of the scans a month", s.monthlyCost(), currency + "/month"));
        long age = ageDays(t);
        if (age > 0) {
            f.add(Recommendation.Figure.of("table age", age, "days"));
        }
        Map<String, String> context = new LinkedHashMap<>();
        if (!t.clusteringColumns().isEmpty()) {
            context.put("clusteredBy", String.join(", ", t.clusteringColumns()));
        }
        if (!t.dateColumns().isEmpty()) {
            context.put("dateColumns", String.join(", ", t.dateColumns().stream().map(c -> c.name() + " "
                    + c.dataType()).toList()));
        }
        String current = "unpartitioned" + (t.clusteringColumns().isEmpty() ? ", unclustered"
                : ", clustered by " + String.join(", ", t.clusteringColumns())) + "; " + s.scans() + " full scans";
        if (column.isEmpty() || s.monthlySaving() == null) {
            String why = column.isEmpty() ? "the table has no DATE, TIMESTAMP or DATETIME column to partition on"
                    : "the table is younger than the " + settings.assumedDaysRead() + " days a scan is assumed to read";
            return new ObjectRecommendation(FULL_SCAN, "table", s.table(), current,
                    t.clusteringColumns().isEmpty() ? "cluster by the columns its queries filter on"
                            : "filter its queries on the clustering columns, or cluster by the ones they filter on",
                    null, currency, "clustered tables let filtered scans skip blocks; no saving is estimated: " + why
                            + ", and the filtered columns are not known", new Recommendation.Evidence(period, f),
                    List.of("a job scans the table in full when its bytes processed reach "
                            + Math.round(100 * settings.fullScanShare()) + "% of the table's logical bytes",
                            "a job's cost goes to the table by the table's share of the job's bytes"), context,
                    new Recommendation.Confidence(Recommendation.Level.LOW, why), null);
        }
        Column c = column.get();
        boolean monthly = age > MAX_PARTITIONS - 1_000;
        String unit = monthly ? "MONTH" : "DAY";
        String expression = switch (c.dataType().toUpperCase(Locale.ROOT)) {
            case "DATE" -> monthly ? "DATE_TRUNC(" + ident(c.name()) + ", MONTH)" : ident(c.name());
            case "TIMESTAMP" -> "TIMESTAMP_TRUNC(" + ident(c.name()) + ", " + unit + ")";
            default -> "DATETIME_TRUNC(" + ident(c.name()) + ", " + unit + ")";
        };
        String copy = t.path() + "__partitioned";
        String sql = "CREATE TABLE " + BigQueryStorageAdvisor.quote(copy) + "\n  PARTITION BY " + expression
                + (t.clusteringColumns().isEmpty() ? "" : "\n  CLUSTER BY " + String.join(", ",
                        t.clusteringColumns().stream().map(BigQueryQueryAdvisor::ident).toList()))
                + "\nAS SELECT * FROM " + BigQueryStorageAdvisor.quote(t.path()) + ";\n"
                + "-- once the copy is checked, swap the names (then drop the old table)\n"
                + "ALTER TABLE " + BigQueryStorageAdvisor.quote(t.path()) + " RENAME TO " + ident(t.table()
                        + "__unpartitioned") + ";\n"
                + "ALTER TABLE " + BigQueryStorageAdvisor.quote(copy) + " RENAME TO " + ident(t.table()) + ";";
        f.add(Recommendation.Figure.of("share of a scan still read once partitioned", 100 * keep, "%"));
        return new ObjectRecommendation(FULL_SCAN, "table", s.table(), current, "partition by " + c.name()
                + (monthly ? " (monthly)" : " (daily)") + " and filter on it", s.monthlySaving(), currency,
                "scans filtered on " + c.name() + " read only their partitions; the copy processes the table once ("
                        + Math.round(t.logicalBytes() / GIB) + " GiB) and stores it twice until the old one is dropped",
                new Recommendation.Evidence(period, f), List.of("each scan would read the partitions of "
                        + settings.assumedDaysRead() + " days out of the table's " + age + " (data spread evenly over "
                        + "its age; the queries' real filters are not known)",
                        "slot time of reservation jobs falls with the bytes they read",
                        "a job scans the table in full when its bytes processed reach "
                                + Math.round(100 * settings.fullScanShare()) + "% of the table's logical bytes",
                        "a job's cost goes to the table by the table's share of the job's bytes"), context,
                new Recommendation.Confidence(Recommendation.Level.LOW, c.name() + " is a candidate column (the "
                        + "first " + c.dataType() + " column); the queries must filter on it for the saving"), sql);
    }

    private static List<String> top(Map<String, Long> counts, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(n).map(e -> e.getKey() + " (" + e.getValue() + ")")
                .toList();
    }

    private static BigDecimal money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }

    /** A backtick-quoted column or table name. */
    static String ident(String name) {
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }
}
