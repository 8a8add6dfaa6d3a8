package io.ledgerhouse.advise.engine;

import io.ledgerhouse.collect.aws.engine.RedshiftHour;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sizing advice for a provisioned Redshift cluster from its hourly CloudWatch metrics and its cost.
 *
 * <p>An hour is <b>idle</b> when on average fewer than {@code idleConnections} sessions were open and CPU stayed under
 * {@code idleCpuPercent} (a cluster's own housekeeping keeps CPU at a few percent). Over at least
 * {@code minimumDays} of data:
 * <ol>
 *   <li>idle in at least {@code pauseIdleShare} of its hours, mostly in stretches of {@code pauseStretchHours} or more
 *       (nights, weekends): <b>pause</b> it in those stretches (a pause/resume schedule); while paused only its
 *       storage is billed, so the saving is the cost of the hours in those stretches;</li>
 *   <li>as idle but in short scattered gaps: <b>Redshift Serverless</b>, billed only while queries run; the saving
 *       assumes the same price per active hour and is given with low confidence;</li>
 *   <li>otherwise, when busy hours stay light (mean CPU under {@code resizeMeanCpu}, 95th percentile under
 *       {@code resizeP95Cpu}) and the disk is less than half full: <b>resize</b> to half the nodes, saving half the
 *       cost, with CPU about doubling.</li>
 * </ol>
 * Money is the cluster's cost over the period scaled to an average month (365.25 / 12 days).
 */
public final class RedshiftAdvisor {

    public static final String KIND = "REDSHIFT_CLUSTER";
    public static final String TARGET_TYPE = "redshift_cluster";

    /** Thresholds; {@link #defaults()} are the documented ones. */
    public record Settings(double idleCpuPercent, double idleConnections, int minimumDays, double pauseIdleShare,
            int pauseStretchHours, double pauseStretchShare, double resizeMeanCpu, double resizeP95Cpu,
            double resizeMaxDiskPercent) {

        public static Settings defaults() {
            return new Settings(5, 0.5, 14, 0.5, 8, 0.8, 15, 40, 50);
        }
    }

    /** What the hours say: coverage, CPU, connections, idle time and its stretches, disk, concurrency scaling. */
    public record Utilisation(String cluster, Instant from, Instant to, long hoursInPeriod, long hoursWithData,
            Double meanCpuPercent, Double p95CpuPercent, Double maxCpuPercent, Double meanConnections,
            long idleHours, double idleShare, long idleHoursInLongStretches, long longestIdleStretchHours,
            Double maxDiskUsedPercent, double concurrencyScalingSeconds) {
    }

    /** The utilisation, the advice when there is one, and a sentence on why (or why not). */
    public record Advice(Utilisation utilisation, Optional<ObjectRecommendation> recommendation, String verdict) {
    }

    private final Settings settings;

    public RedshiftAdvisor(Settings settings) {
        this.settings = settings;
    }

    /** Summarises {@code hours} of {@code cluster} over {@code period}. */
    public Utilisation utilisation(String cluster, List<RedshiftHour> hours, AnalysisPeriod period) {
        long inPeriod = Duration.between(period.from(), period.to()).toHours();
        List<RedshiftHour> sorted = hours.stream().filter(h -> !h.hour().isBefore(period.from())
                && h.hour().isBefore(period.to())).sorted(java.util.Comparator.comparing(RedshiftHour::hour)).toList();
        double[] cpu = sorted.stream().filter(h -> h.cpuPercent() != null).mapToDouble(RedshiftHour::cpuPercent)
                .sorted().toArray();
        double[] conns = sorted.stream().filter(h -> h.connections() != null).mapToDouble(RedshiftHour::connections)
                .toArray();
        long idle = 0;
        long inStretches = 0;
        long longest = 0;
        long run = 0;
        Instant previous = null;
        for (RedshiftHour h : sorted) {
            boolean contiguous = previous != null && Duration.between(previous, h.hour()).toHours() == 1;
            if (!contiguous) {
                inStretches += run >= settings.pauseStretchHours() ? run : 0;
                run = 0;
            }
            if (idle(h)) {
                idle++;
                run++;
                longest = Math.max(longest, run);
            } else {
                inStretches += run >= settings.pauseStretchHours() ? run : 0;
                run = 0;
            }
            previous = h.hour();
        }
        inStretches += run >= settings.pauseStretchHours() ? run : 0;
        Double maxDisk = sorted.stream().filter(h -> h.diskUsedPercent() != null)
                .mapToDouble(RedshiftHour::diskUsedPercent).boxed().max(Double::compare).orElse(null);
        double scaling = sorted.stream().filter(h -> h.concurrencyScalingSeconds() != null)
                .mapToDouble(RedshiftHour::concurrencyScalingSeconds).sum();
        return new Utilisation(cluster, period.from(), period.to(), inPeriod, sorted.size(),
                cpu.length == 0 ? null : round(Arrays.stream(cpu).average().orElse(0)),
                cpu.length == 0 ? null : round(percentile(cpu, 0.95)), cpu.length == 0 ? null : cpu[cpu.length - 1],
                conns.length == 0 ? null : round(Arrays.stream(conns).average().orElse(0)), idle,
                sorted.isEmpty() ? 0 : round((double) idle / sorted.size()), inStretches, longest, maxDisk, scaling);
    }

    /** Whether an hour counts as idle (no data on connections or CPU: not idle, as nothing shows it). */
    public boolean idle(RedshiftHour h) {
        return h.connections() != null && h.cpuPercent() != null && h.connections() < settings.idleConnections()
                && h.cpuPercent() < settings.idleCpuPercent();
    }

    /**
     * Advice for {@code cluster}: {@code cost} is what the cluster cost over {@code period} in {@code currency} (null
     * when unknown: the advice then carries no savings).
     */
    public Advice advise(String cluster, List<RedshiftHour> hours, AnalysisPeriod period, BigDecimal cost,
            String currency) {
        Utilisation u = utilisation(cluster, hours, period);
        double days = u.hoursWithData() / 24.0;
        if (days < settings.minimumDays()) {
            return new Advice(u, Optional.empty(), String.format(java.util.Locale.ROOT,
                    "%.1f days of hourly metrics; advice needs %d", days, settings.minimumDays()));
        }
        List<Recommendation.Figure> figures = new ArrayList<>();
        figures.add(new Recommendation.Figure("hours with metrics", BigDecimal.valueOf(u.hoursWithData()), "h"));
        figures.add(new Recommendation.Figure("idle hours", BigDecimal.valueOf(u.idleHours()), "h"));
        figures.add(Recommendation.Figure.of("idle share", u.idleShare() * 100, "%"));
        figures.add(new Recommendation.Figure("idle hours in stretches of " + settings.pauseStretchHours() + " h or more",
                BigDecimal.valueOf(u.idleHoursInLongStretches()), "h"));
        figures.add(Recommendation.Figure.of("mean CPU", u.meanCpuPercent() == null ? 0 : u.meanCpuPercent(), "%"));
        figures.add(Recommendation.Figure.of("p95 CPU", u.p95CpuPercent() == null ? 0 : u.p95CpuPercent(), "%"));
        if (u.maxDiskUsedPercent() != null) {
            figures.add(Recommendation.Figure.of("max disk used", u.maxDiskUsedPercent(), "%"));
        }
        if (cost != null) {
            figures.add(new Recommendation.Figure("cost in period", cost, currency));
        }
        Recommendation.Evidence evidence = new Recommendation.Evidence(period, figures);
        Recommendation.Level confidenceFromData = days >= 21 && u.hoursWithData() >= 0.9 * u.hoursInPeriod()
                ? Recommendation.Level.HIGH : Recommendation.Level.MEDIUM;
        String current = String.format(java.util.Locale.ROOT, "provisioned, running %d of %d hours; idle %.0f%%, "
                + "mean CPU %.1f%%", u.hoursWithData(), u.hoursInPeriod(), u.idleShare() * 100,
                u.meanCpuPercent() == null ? 0 : u.meanCpuPercent());
        Map<String, String> context = new LinkedHashMap<>();
        context.put("cluster", cluster);

        if (u.idleShare() >= settings.pauseIdleShare()) {
            double stretchShare = u.idleHours() == 0 ? 0 : (double) u.idleHoursInLongStretches() / u.idleHours();
            if (stretchShare >= settings.pauseStretchShare()) {
                BigDecimal savings = monthly(cost, u.idleHoursInLongStretches(), u.hoursWithData(), period);
                return new Advice(u, Optional.of(new ObjectRecommendation(KIND, TARGET_TYPE, cluster, current,
                        "pause in its idle stretches (pause/resume schedule)", savings, currency,
                        "none while paused hours stay idle; the first query after a resume waits for the cluster "
                                + "(minutes)",
                        evidence, List.of("the cluster's cost is compute billed per running hour; while paused only "
                                + "its managed storage is billed (not included in the cost used)",
                                "the idle stretches of the period recur"), context,
                        new Recommendation.Confidence(confidenceFromData, String.format(java.util.Locale.ROOT,
                                "%d of %d hours idle, %.0f%% of them in stretches of %d h or more",
                                u.idleHours(), u.hoursWithData(), stretchShare * 100, settings.pauseStretchHours())),
                        "aws redshift pause-cluster --cluster-identifier " + cluster
                                + "   # and resume-cluster before work starts, or a scheduled action for both")),
                        "mostly idle in long stretches: pause candidate");
            }
            BigDecimal savings = monthly(cost, u.idleHours(), u.hoursWithData(), period);
            return new Advice(u, Optional.of(new ObjectRecommendation(KIND, TARGET_TYPE, cluster, current,
                    "Redshift Serverless", savings, currency,
                    "queries after a quiet spell may wait for capacity to start; capacity follows the load",
                    evidence, List.of("Serverless bills RPU-seconds only while queries run",
                            "the same price per active hour as the provisioned cluster (check the RPU base capacity)"),
                    context, new Recommendation.Confidence(Recommendation.Level.LOW, String.format(java.util.Locale.ROOT,
                            "%d of %d hours idle, in gaps too short to pause", u.idleHours(), u.hoursWithData())),
                    null)), "mostly idle in short gaps: Serverless candidate");
        }
        if (u.meanCpuPercent() != null && u.p95CpuPercent() != null && u.meanCpuPercent() < settings.resizeMeanCpu()
                && u.p95CpuPercent() < settings.resizeP95Cpu() && (u.maxDiskUsedPercent() == null
                        || u.maxDiskUsedPercent() < settings.resizeMaxDiskPercent())) {
            BigDecimal savings = cost == null ? null : scaleToMonth(cost.divide(BigDecimal.valueOf(2)), period);
            return new Advice(u, Optional.of(new ObjectRecommendation(KIND, TARGET_TYPE, cluster, current,
                    "half the nodes (elastic resize)", savings, currency, String.format(java.util.Locale.ROOT,
                            "CPU about doubles: mean %.1f%% to about %.1f%%, p95 %.1f%% to about %.1f%%",
                            u.meanCpuPercent(), u.meanCpuPercent() * 2, u.p95CpuPercent(), u.p95CpuPercent() * 2),
                    evidence, List.of("cost scales with the node count", "the load spreads over the remaining "
                            + "nodes"), context, new Recommendation.Confidence(Recommendation.Level.MEDIUM, String.format(
                                    java.util.Locale.ROOT, "p95 CPU %.1f%% over %.0f days", u.p95CpuPercent(), days)),
                    null)), "busy but lightly loaded: resize candidate");
        }
        return new Advice(u, Optional.empty(), "in use and loaded: no change advised");
    }

    /** {@code cost × hours / ofHours}, per average month, in cents. */
    static BigDecimal monthly(BigDecimal cost, long hours, long ofHours, AnalysisPeriod period) {
        if (cost == null || ofHours == 0) {
            return null;
        }
        return scaleToMonth(cost.multiply(BigDecimal.valueOf(hours)).divide(BigDecimal.valueOf(ofHours),
                MathContext.DECIMAL128), period);
    }

    /** An amount over the period as an amount per average month (365.25 / 12 days), rounded to cents. */
    static BigDecimal scaleToMonth(BigDecimal amount, AnalysisPeriod period) {
        BigDecimal periodHours = BigDecimal.valueOf(Duration.between(period.from(), period.to()).toHours());
        return amount.multiply(new BigDecimal("365.25")).multiply(BigDecimal.valueOf(2))
                .divide(periodHours, MathContext.DECIMAL128).setScale(2, RoundingMode.HALF_UP);
    }

    private static double percentile(double[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
