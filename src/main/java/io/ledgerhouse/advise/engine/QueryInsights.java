package io.ledgerhouse.advise.engine;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Query-level insights over one period, fed one query at a time (memory grows with the distinct query hashes, not with
 * the queries):
 * <ul>
 * <li>the costliest query patterns (query_parameterized_hash) with runs, monthly and mean cost, and the trend of the
 * period's second half against its first;</li>
 * <li>{@code QUERY_PRUNING}: a pattern whose runs mostly scan almost every partition of a large table (a clustering
 * candidate);</li>
 * <li>{@code QUERY_SPILLING}: a pattern whose runs often spill to local or remote storage;</li>
 * <li>{@code QUERY_REPEATED}: a pattern with identical queries (same query_hash) executed many times while the data
 * they read hardly changed, i.e. missing the result cache (a result-reuse or materialized-view candidate).</li>
 * </ul>
 * A query's cost is its allocated cost when allocation ran; otherwise its warehouse's compute cost over the period
 * split by execution time ({@link CostBasis}).
 */
public final class QueryInsights {

    public static final String PRUNING = "QUERY_PRUNING";
    public static final String SPILLING = "QUERY_SPILLING";
    public static final String REPEATED = "QUERY_REPEATED";
    public static final String ALLOCATED = "allocated: the queries' cost from the allocation (query_cost)";
    public static final String ESTIMATED = "estimated: each warehouse's compute cost over the period split over its "
            + "queries by execution time (allocation has not run; idle time and cloud services are included in the "
            + "share)";

    /** How queries get their cost: allocated, or each warehouse's compute cost over the period (currency given). */
    public record CostBasis(boolean allocated, Map<String, BigDecimal> warehouseCost, String currency) {
        public static CostBasis allocated(String currency) {
            return new CostBasis(true, Map.of(), currency);
        }

        public static CostBasis estimated(Map<String, BigDecimal> warehouseCost, String currency) {
            return new CostBasis(false, Map.copyOf(warehouseCost), currency);
        }
    }

    /** One query pattern's figures; trend is (second half − first half) / first half in %, null without a first half. */
    public record QueryPattern(String parameterizedHash, long runs, BigDecimal periodCost, BigDecimal monthlyCost,
            BigDecimal meanCost, BigDecimal firstHalfCost, BigDecimal secondHalfCost, Double trendPercent,
            Map<String, String> context) {
    }

    public record Result(String costMethod, String currency, AnalysisPeriod period, List<QueryPattern> patterns,
            List<ObjectRecommendation> recommendations) {
    }

    private final QueryInsightSettings settings;
    private final AnalysisPeriod period;
    private final long middleMs;
    private final Map<String, PatternStats> patterns = new HashMap<>();
    private final Map<String, HashStats> hashes = new HashMap<>();
    private final Map<String, Long> warehouseExecutionMs = new HashMap<>();

    public QueryInsights(QueryInsightSettings settings, AnalysisPeriod period) {
        this.settings = settings;
        this.period = period;
        this.middleMs = period.fromMs() + (period.toMs() - period.fromMs()) / 2;
    }

    private static final class PatternStats {
        long runs;
        final Map<String, long[]> executionMs = new HashMap<>(); // warehouse -> ms in [first half, second half]
        final BigDecimal[] allocated = {BigDecimal.ZERO, BigDecimal.ZERO};
        long poorRuns;
        long poorScanned;
        long poorTotal;
        long spillRuns;
        long remoteSpillRuns;
        long spilledLocal;
        long spilledRemote;
        final Map<String, Long> warehouses = new HashMap<>();
        final Map<String, Long> users = new HashMap<>();
        final Map<String, Long> databases = new HashMap<>();
        String sample;
    }

    private static final class HashStats {
        final String pattern;
        long runs;
        long executed;
        long minBytes = Long.MAX_VALUE;
        long maxBytes;
        long minRows = Long.MAX_VALUE;
        long maxRows;
        final Map<String, Long> executionMs = new HashMap<>();
        BigDecimal allocated = BigDecimal.ZERO;
        final Set<Long> days = new HashSet<>();

        HashStats(String pattern) {
            this.pattern = pattern;
        }
    }

    /** Adds one query; queries starting outside the period are ignored. */
    public void add(QueryObservation q) {
        long at = q.start().toEpochMilli();
        if (at < period.fromMs() || at >= period.toMs()) {
            return;
        }
        long ms = Math.max(0, q.executionMs());
        if (q.warehouse() != null) {
            warehouseExecutionMs.merge(q.warehouse(), ms, Long::sum);
        }
        if (q.parameterizedHash() == null || q.parameterizedHash().isBlank()) {
            return;
        }
        int half = at < middleMs ? 0 : 1;
        PatternStats p = patterns.computeIfAbsent(q.parameterizedHash(), k -> new PatternStats());
        p.runs++;
        if (q.warehouse() != null) {
            p.executionMs.computeIfAbsent(q.warehouse(), k -> new long[2])[half] += ms;
            p.warehouses.merge(q.warehouse(), 1L, Long::sum);
        }
        if (q.allocatedCost() != null) {
            p.allocated[half] = p.allocated[half].add(q.allocatedCost());
        }
        if (q.partitionsTotal() >= settings.poorPruningMinimumPartitions()
                && q.partitionsScanned() >= settings.poorPruningScanShare() * q.partitionsTotal()) {
            p.poorRuns++;
            p.poorScanned += q.partitionsScanned();
            p.poorTotal += q.partitionsTotal();
        }
        if (q.bytesSpilledLocal() > 0 || q.bytesSpilledRemote() > 0) {
            p.spillRuns++;
            p.spilledLocal += Math.max(0, q.bytesSpilledLocal());
            p.spilledRemote += Math.max(0, q.bytesSpilledRemote());
            if (q.bytesSpilledRemote() > 0) {
                p.remoteSpillRuns++;
            }
        }
        if (q.user() != null) {
            p.users.merge(q.user(), 1L, Long::sum);
        }
        if (q.database() != null) {
            p.databases.merge(q.database(), 1L, Long::sum);
        }
        if (p.sample == null && q.queryText() != null && !q.queryText().isBlank()) {
            String text = q.queryText().strip().replaceAll("\\s+", " ");
            p.sample = text.length() > settings.sampleTextLength() ? text.substring(0, settings.sampleTextLength())
                    + "…" : text;
        }
        if (q.queryHash() != null && !q.queryHash().isBlank()) {
            HashStats h = hashes.computeIfAbsent(q.queryHash(), k -> new HashStats(q.parameterizedHash()));
            h.runs++;
            // a result served from the result cache scans nothing; everything else executed on the warehouse
            if (q.bytesScanned() > 0) {
                h.executed++;
                h.minBytes = Math.min(h.minBytes, q.bytesScanned());
                h.maxBytes = Math.max(h.maxBytes, q.bytesScanned());
                h.minRows = Math.min(h.minRows, q.rowsProduced());
                h.maxRows = Math.max(h.maxRows, q.rowsProduced());
                if (q.warehouse() != null) {
                    h.executionMs.merge(q.warehouse(), ms, Long::sum);
                }
                if (q.allocatedCost() != null) {
                    h.allocated = h.allocated.add(q.allocatedCost());
                }
                h.days.add(Math.floorDiv(at, 86_400_000L));
            }
        }
    }

    /** The top patterns and the recommendations, with every cost on {@code basis}. */
    public Result result(CostBasis basis) {
        double monthly = period.monthlyFactor();
        List<QueryPattern> all = new ArrayList<>();
        List<ObjectRecommendation> recommendations = new ArrayList<>();
        Map<String, List<Map.Entry<String, HashStats>>> repeatedByPattern = new HashMap<>();
        for (Map.Entry<String, HashStats> e : hashes.entrySet()) {
            HashStats h = e.getValue();
            if (h.executed >= settings.repeatedMinimumRuns() && stable(h.minBytes, h.maxBytes)
                    && stable(h.minRows, h.maxRows)) {
                repeatedByPattern.computeIfAbsent(h.pattern, k -> new ArrayList<>()).add(e);
            }
        }
        for (Map.Entry<String, PatternStats> e : patterns.entrySet()) {
            PatternStats p = e.getValue();
            BigDecimal first = cost(basis, p.executionMs, 0, p.allocated[0]);
            BigDecimal second = cost(basis, p.executionMs, 1, p.allocated[1]);
            BigDecimal total = first.add(second);
            BigDecimal perMonth = money(total.multiply(BigDecimal.valueOf(monthly)));
            Double trend = first.signum() == 0 ? null : second.subtract(first).multiply(BigDecimal.valueOf(100))
                    .divide(first, MathContext.DECIMAL64).setScale(1, RoundingMode.HALF_UP).doubleValue();
            QueryPattern pattern = new QueryPattern(e.getKey(), p.runs, money(total), perMonth,
                    total.divide(BigDecimal.valueOf(p.runs), 6, RoundingMode.HALF_UP), money(first), money(second),
                    trend, context(p));
            all.add(pattern);
            if (perMonth.doubleValue() < settings.minimumMonthlyCost()) {
                continue;
            }
            pruning(pattern, p, basis).ifPresent(recommendations::add);
            spilling(pattern, p, basis).ifPresent(recommendations::add);
            List<Map.Entry<String, HashStats>> repeated = repeatedByPattern.get(e.getKey());
            if (repeated != null) {
                repeated(pattern, repeated, basis).ifPresent(recommendations::add);
            }
        }
        all.sort(Comparator.comparing(QueryPattern::monthlyCost).reversed()
                .thenComparing(QueryPattern::parameterizedHash));
        recommendations.sort(Comparator.comparing((ObjectRecommendation r) -> r.monthlySavingsMoney() == null
                ? BigDecimal.valueOf(-1) : r.monthlySavingsMoney()).reversed().thenComparing(r -> r.evidence()
                .figures().stream().filter(f -> f.name().equals("pattern cost")).findFirst()
                .map(Recommendation.Figure::value).orElse(BigDecimal.ZERO), Comparator.reverseOrder())
                .thenComparing(ObjectRecommendation::kind).thenComparing(ObjectRecommendation::target));
        return new Result(basis.allocated() ? ALLOCATED : ESTIMATED, basis.currency(), period,
                List.copyOf(all.subList(0, Math.min(settings.topPatterns(), all.size()))), recommendations);
    }

    private boolean stable(long min, long max) {
        return max - min <= settings.repeatedStableSpread() * max;
    }

    /** Cost of execution ms per warehouse (half 0, 1 or -1 for both), or the allocated cost. */
    private BigDecimal cost(CostBasis basis, Map<String, long[]> executionMs, int half, BigDecimal allocated) {
        if (basis.allocated()) {
            return allocated;
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<String, long[]> e : executionMs.entrySet()) {
            long ms = half < 0 ? e.getValue()[0] + e.getValue()[1] : e.getValue()[half];
            sum = sum.add(share(basis, e.getKey(), ms));
        }
        return sum;
    }

    private BigDecimal share(CostBasis basis, String warehouse, long ms) {
        BigDecimal cost = basis.warehouseCost().get(warehouse);
        long total = warehouseExecutionMs.getOrDefault(warehouse, 0L);
        if (cost == null || total == 0 || ms == 0) {
            return BigDecimal.ZERO;
        }
        return cost.multiply(BigDecimal.valueOf(ms)).divide(BigDecimal.valueOf(total), MathContext.DECIMAL64);
    }

    private static BigDecimal money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }

    private Map<String, String> context(PatternStats p) {
        Map<String, String> c = new LinkedHashMap<>();
        if (p.sample != null) {
            c.put("sampleText", p.sample);
        }
        top(p.warehouses).ifPresent(v -> c.put("warehouse", v));
        top(p.users).ifPresent(v -> c.put("user", v));
        top(p.databases).ifPresent(v -> c.put("database", v));
        return c;
    }

    private static java.util.Optional<String> top(Map<String, Long> counts) {
        return counts.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).map(Map.Entry::getKey);
    }

    private List<Recommendation.Figure> patternFigures(QueryPattern q, String currency) {
        List<Recommendation.Figure> f = new ArrayList<>();
        f.add(Recommendation.Figure.of("runs", q.runs(), "queries"));
        f.add(new Recommendation.Figure("pattern cost", q.monthlyCost(), currency + "/month"));
        f.add(new Recommendation.Figure("mean cost", q.meanCost(), currency + "/query"));
        if (q.trendPercent() != null) {
            f.add(Recommendation.Figure.of("trend, second half vs first", q.trendPercent(), "%"));
        }
        return f;
    }

    private java.util.Optional<ObjectRecommendation> pruning(QueryPattern q, PatternStats p, CostBasis basis) {
        if (p.poorRuns < settings.minimumRuns() || p.poorRuns < settings.poorPruningRunShare() * p.runs) {
            return java.util.Optional.empty();
        }
        double scanShare = (double) p.poorScanned / p.poorTotal;
        List<Recommendation.Figure> f = patternFigures(q, basis.currency());
        f.add(Recommendation.Figure.of("runs scanning most partitions", p.poorRuns, "queries"));
        f.add(Recommendation.Figure.of("mean partitions total", (double) p.poorTotal / p.poorRuns, "partitions"));
        f.add(Recommendation.Figure.of("mean partitions scanned", (double) p.poorScanned / p.poorRuns,
                "partitions"));
        f.add(Recommendation.Figure.of("share scanned", 100 * scanShare, "%"));
        return java.util.Optional.of(new ObjectRecommendation(PRUNING, "query_pattern", q.parameterizedHash(),
                String.format(java.util.Locale.ROOT, "scans %.0f%% of %.0f partitions", 100 * scanShare,
                        (double) p.poorTotal / p.poorRuns),
                "clustering key on the columns this pattern filters on (candidate)", null, basis.currency(),
                "faster scans if the filter is selective on a clustering key; no saving is estimated: it depends on "
                        + "the filter's selectivity and automatic clustering bills its own serverless credits",
                new Recommendation.Evidence(period, f), List.of("cost " + (basis.allocated() ? ALLOCATED
                        : ESTIMATED)), q.context(), new Recommendation.Confidence(Recommendation.Level.MEDIUM,
                        p.poorRuns + " of " + p.runs + " runs scanned at least "
                                + Math.round(100 * settings.poorPruningScanShare()) + "% of tables with "
                                + settings.poorPruningMinimumPartitions() + "+ partitions; the filtered columns are "
                                + "not known from QUERY_HISTORY"), null));
    }

    private java.util.Optional<ObjectRecommendation> spilling(QueryPattern q, PatternStats p, CostBasis basis) {
        if (p.spillRuns < settings.minimumRuns() || p.spillRuns < settings.spillRunShare() * p.runs) {
            return java.util.Optional.empty();
        }
        boolean remote = p.remoteSpillRuns > 0;
        List<Recommendation.Figure> f = patternFigures(q, basis.currency());
        f.add(Recommendation.Figure.of("runs spilling", p.spillRuns, "queries"));
        f.add(Recommendation.Figure.of("runs spilling to remote storage", p.remoteSpillRuns, "queries"));
        f.add(new Recommendation.Figure("bytes spilled locally", BigDecimal.valueOf(p.spilledLocal), "bytes"));
        f.add(new Recommendation.Figure("bytes spilled remotely", BigDecimal.valueOf(p.spilledRemote), "bytes"));
        return java.util.Optional.of(new ObjectRecommendation(SPILLING, "query_pattern", q.parameterizedHash(),
                p.spillRuns + " of " + p.runs + " runs spill" + (remote ? " (" + p.remoteSpillRuns + " remotely)"
                        : " locally"),
                remote ? "less data per run (filter or aggregate earlier), or run it on a larger warehouse"
                        : "less data per run (filter or aggregate earlier)",
                null, basis.currency(), "spilling slows these runs, " + (remote ? "remote spilling most"
                        : "local spilling somewhat") + "; no saving is estimated: it depends on the rewrite or the "
                        + "size chosen", new Recommendation.Evidence(period, f), List.of("cost " + (basis
                        .allocated() ? ALLOCATED : ESTIMATED)), q.context(), new Recommendation.Confidence(
                        remote ? Recommendation.Level.HIGH : Recommendation.Level.MEDIUM, p.spillRuns + " of "
                                + p.runs + " runs spilled" + (remote ? ", " + p.remoteSpillRuns + " to remote "
                                + "storage" : ", none remotely")), null));
    }

    private java.util.Optional<ObjectRecommendation> repeated(QueryPattern q, List<Map.Entry<String, HashStats>>
            repeated, CostBasis basis) {
        repeated.sort(Comparator.comparing((Map.Entry<String, HashStats> e) -> e.getValue().executed).reversed()
                .thenComparing(Map.Entry::getKey));
        BigDecimal savings = BigDecimal.ZERO;
        long executed = 0;
        long runs = 0;
        long days = 0;
        for (Map.Entry<String, HashStats> e : repeated) {
            HashStats h = e.getValue();
            BigDecimal cost = basis.allocated() ? h.allocated : h.executionMs.entrySet().stream()
                    .map(w -> share(basis, w.getKey(), w.getValue())).reduce(BigDecimal.ZERO, BigDecimal::add);
            // one execution a day would still run (the data changes), the others would reuse its result
            BigDecimal kept = cost.multiply(BigDecimal.valueOf(h.days.size())).divide(BigDecimal.valueOf(h.executed),
                    MathContext.DECIMAL64);
            savings = savings.add(cost.subtract(kept));
            executed += h.executed;
            runs += h.runs;
            days += h.days.size();
        }
        BigDecimal monthly = money(savings.multiply(BigDecimal.valueOf(period.monthlyFactor())));
        if (monthly.signum() <= 0) {
            return java.util.Optional.empty();
        }
        List<Recommendation.Figure> f = patternFigures(q, basis.currency());
        f.add(Recommendation.Figure.of("identical queries repeated", repeated.size(), "query hashes"));
        f.add(Recommendation.Figure.of("runs of them", runs, "queries"));
        f.add(Recommendation.Figure.of("executed (missed the result cache)", executed, "queries"));
        f.add(Recommendation.Figure.of("days with executions", days, "query-hash days"));
        Map<String, String> context = new LinkedHashMap<>(q.context());
        context.put("queryHash", repeated.get(0).getKey());
        return java.util.Optional.of(new ObjectRecommendation(REPEATED, "query_pattern", q.parameterizedHash(),
                executed + " executions of " + repeated.size() + " identical quer" + (repeated.size() == 1 ? "y"
                        : "ies") + " on data that hardly changed",
                "reuse results: keep the text identical and deterministic (no CURRENT_TIMESTAMP or RANDOM), "
                        + "USE_CACHED_RESULT on, or a materialized view / cache in the tool",
                monthly, basis.currency(), "reused results return in milliseconds without a warehouse",
                new Recommendation.Evidence(period, f), List.of("one execution a day would still run, since the data "
                        + "changes; every other execution would reuse a result", "bytes scanned and rows produced "
                        + "varying by at most " + Math.round(100 * settings.repeatedStableSpread()) + "% mean the "
                        + "data hardly changed", "cost " + (basis.allocated() ? ALLOCATED : ESTIMATED)), context,
                new Recommendation.Confidence(Recommendation.Level.MEDIUM, "the same text ran " + executed
                        + " times on the warehouse with stable results; why the cache was missed (data changes, "
                        + "functions, roles) is not in QUERY_HISTORY"), null));
    }
}
