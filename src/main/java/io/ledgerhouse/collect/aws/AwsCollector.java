package io.ledgerhouse.collect.aws;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.collect.CollectorReport;
import io.ledgerhouse.collect.CollectorRuns;
import io.ledgerhouse.collect.aws.engine.CostExplorerCharges;
import io.ledgerhouse.collect.aws.engine.CostGroup;
import io.ledgerhouse.collect.aws.engine.CostRequestPlan;
import io.ledgerhouse.collect.aws.engine.RedshiftHour;
import io.ledgerhouse.collect.aws.engine.RedshiftMetricQueries;
import io.ledgerhouse.collect.aws.engine.ThrottleBackoff;
import io.ledgerhouse.domain.ChargesChanged;
import io.ledgerhouse.store.AwsStore;
import io.ledgerhouse.store.CollectorRun;
import io.ledgerhouse.store.CollectorWatermarkRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;
import software.amazon.awssdk.services.costexplorer.model.DateInterval;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.Group;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinition;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.costexplorer.model.LimitExceededException;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;

/**
 * Collects an AWS payer account: daily cost from Cost Explorer by service and tag into the charge table, and hourly
 * CloudWatch metrics of its Redshift clusters.
 *
 * <p>A run first reads everything it needs from AWS, then writes it in one transaction: the months it re-read replace
 * the source's charges of those months (never added beside them), the cluster-hours are upserted, and the watermarks
 * move. A failure anywhere (an AWS error, throttling beyond the backoff, the store) leaves the store as it was; the next
 * run reads the same months again. Every request is counted, and the run records what its paid requests cost, failed
 * or not.
 */
@ApplicationScoped
public class AwsCollector {

    public static final String COST_AND_USAGE = "GetCostAndUsage";
    public static final String THROTTLED = "GetCostAndUsage throttled";
    public static final String METRIC_DATA = "GetMetricData";
    public static final String METRICS_REQUESTED = "CloudWatch metrics requested";
    /** Cost Explorer API: 0.01 USD per request (per page). */
    static final BigDecimal COST_PER_REQUEST = new BigDecimal("0.01");
    /** CloudWatch GetMetricData: 0.01 USD per 1,000 metrics requested. */
    static final BigDecimal COST_PER_METRIC = new BigDecimal("0.00001");
    /** CloudWatch may still revise the last hours; each run re-reads them. */
    static final Duration METRICS_REREAD = Duration.ofHours(3);
    static final String COST_VIEW = "CostExplorer";
    static final String METRICS_VIEW_PREFIX = "CloudWatch ";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    CollectorWatermarkRepository watermarks;
    @Inject
    CollectorRuns runs;
    @Inject
    AwsConfig config;
    @Inject
    AwsClients clients;
    @Inject
    Event<ChargesChanged> changes;

    /** Waits between retries; tests replace it so that they never sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** How a running collector waits: really. */
    public static final Sleeper REAL_TIME = d -> Thread.sleep(d.toMillis());

    private volatile Sleeper sleeper = REAL_TIME;

    /** Replaces how the collector waits before retrying a throttled request (tests record the waits instead). */
    public void useSleeper(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    /**
     * The outcome of one run: rows read and stored, what could not be read (and why), the API requests made per
     * operation and what the paid ones cost (USD).
     */
    public record RunReport(long runId, String source, String status, Map<String, Long> rowsByView,
            Map<String, String> unavailable, Map<String, Long> apiRequests, BigDecimal apiCost, String error)
            implements CollectorReport {
    }

    /** Counts requests; what they cost follows from the counts. */
    static final class ApiUsage {
        final Map<String, Long> counts = new LinkedHashMap<>();

        void add(String what, long n) {
            counts.merge(what, n, Long::sum);
        }

        BigDecimal cost() {
            long paid = counts.getOrDefault(COST_AND_USAGE, 0L) - counts.getOrDefault(THROTTLED, 0L);
            return COST_PER_REQUEST.multiply(BigDecimal.valueOf(paid))
                    .add(COST_PER_METRIC.multiply(BigDecimal.valueOf(counts.getOrDefault(METRICS_REQUESTED, 0L))))
                    .stripTrailingZeros().setScale(5, java.math.RoundingMode.UNNECESSARY);
        }

        CollectorRuns.PaidRequests recorded() {
            return new CollectorRuns.PaidRequests(Map.copyOf(counts), cost());
        }
    }

    private record Fetched(CostRequestPlan.Period period, CostExplorerCharges.Result charges,
            Map<String, Long> groupsRead, List<RedshiftHour> hours, Instant metricsTo, Map<String, String> unavailable) {
    }

    /** Collects the configured account {@code name} with clients from its configuration. */
    public RunReport collect(String name) {
        AwsConfig.Account account = clients.get(name);
        try (AwsClients.Session session = clients.open(name)) {
            return collect(name, account, session);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("AWS clients of " + name + " could not be closed", e);
        }
    }

    RunReport collect(String name, AwsConfig.Account account, AwsClients.Session session) {
        CollectorRuns.Started started = runs.start(name, "AWS");
        Instant now = started.at();
        long sourceId = started.sourceId();
        long runId = started.runId();
        ApiUsage usage = new ApiUsage();
        try {
            Fetched fetched = fetch(sourceId, account, session, now, usage);
            Map<String, Long> rows = QuarkusTransaction.requiringNew()
                    .timeout(Math.toIntExact(config.runTimeout().toSeconds()))
                    .call(() -> store(sourceId, account, fetched, now));
            runs.succeeded(runId, rows, fetched.unavailable(), usage.recorded());
            changes.fire(new ChargesChanged(name, fetched.period().start(),
                    fetched.period().end().minusDays(1)));
            return new RunReport(runId, name, CollectorRun.SUCCEEDED, rows, fetched.unavailable(),
                    Map.copyOf(usage.counts), usage.cost(), null);
        } catch (RuntimeException e) {
            String error = message(e);
            Log.warnf("AWS collection for %s failed; the store is unchanged and the next run re-reads the same "
                    + "months: %s", name, error);
            runs.failed(runId, error, usage.recorded());
            return new RunReport(runId, name, CollectorRun.FAILED, Map.of(), Map.of(), Map.copyOf(usage.counts),
                    usage.cost(), error);
        }
    }

    private static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SdkException || t instanceof SQLException || t instanceof AwsThrottledException) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    // ---- reading AWS

    private Fetched fetch(long sourceId, AwsConfig.Account account, AwsClients.Session session, Instant now,
            ApiUsage usage) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        CostRequestPlan.Period period = CostRequestPlan.period(today, account.months());
        List<String> metrics = account.metrics();
        LinkedHashMap<String, List<CostGroup>> byKey = new LinkedHashMap<>();
        Map<String, Long> groupsRead = new LinkedHashMap<>();
        for (CostRequestPlan.Grouping g : CostRequestPlan.groupings(account.tagKeys().orElse(List.of()))) {
            List<CostGroup> groups = costAndUsage(session, g.tagKey(), period, metrics, usage);
            byKey.put(g.tagKey(), groups);
            groupsRead.put(g.tagKey() == null ? "SERVICE" : "SERVICE, tag " + g.tagKey(), (long) groups.size());
        }
        CostExplorerCharges.Result charges = CostExplorerCharges.derive(account.payerAccountId(), byKey,
                CostExplorerCharges.Metrics.of(metrics));

        Map<String, String> unavailable = new LinkedHashMap<>();
        List<String> clusters = account.redshiftClusters().orElse(List.of());
        Instant metricsTo = now.truncatedTo(ChronoUnit.HOURS);
        List<RedshiftHour> hours = List.of();
        if (!clusters.isEmpty()) {
            Instant from = metricsTo;
            for (String cluster : clusters) {
                Optional<Instant> mark = watermarks.watermark(sourceId, METRICS_VIEW_PREFIX + cluster);
                Instant clusterFrom = mark.map(m -> m.minus(METRICS_REREAD)).orElse(metricsTo
                        .minus(account.metricsLookback()));
                from = clusterFrom.isBefore(from) ? clusterFrom : from;
            }
            hours = metricData(session, clusters, from, metricsTo, usage, unavailable);
        }
        return new Fetched(period, charges, groupsRead, hours, metricsTo, unavailable);
    }

    /** Every page of one SERVICE (× tag key) series, with throttled requests retried after the backoff. */
    private List<CostGroup> costAndUsage(AwsClients.Session session, String tagKey, CostRequestPlan.Period period,
            List<String> metrics, ApiUsage usage) {
        List<GroupDefinition> groupBy = new ArrayList<>();
        groupBy.add(GroupDefinition.builder().type(GroupDefinitionType.DIMENSION).key("SERVICE").build());
        if (tagKey != null) {
            groupBy.add(GroupDefinition.builder().type(GroupDefinitionType.TAG).key(tagKey).build());
        }
        List<CostGroup> out = new ArrayList<>();
        String token = null;
        do {
            GetCostAndUsageRequest request = GetCostAndUsageRequest.builder()
                    .timePeriod(DateInterval.builder().start(period.start().toString()).end(period.end().toString())
                            .build())
                    .granularity(Granularity.DAILY).metrics(metrics).groupBy(groupBy).nextPageToken(token).build();
            GetCostAndUsageResponse response = withBackoff(() -> session.costExplorer().getCostAndUsage(request),
                    usage);
            for (ResultByTime r : response.resultsByTime()) {
                LocalDate day = LocalDate.parse(r.timePeriod().start());
                for (Group g : r.groups()) {
                    String service = g.keys().get(0);
                    String value = tagKey == null ? null : CostGroup.tagValue(g.keys().size() > 1 ? g.keys().get(1)
                            : "");
                    Map<String, BigDecimal> amounts = new HashMap<>();
                    String unit = null;
                    for (Map.Entry<String, MetricValue> m : g.metrics().entrySet()) {
                        amounts.put(m.getKey(), new BigDecimal(m.getValue().amount()));
                        unit = unit == null ? m.getValue().unit() : unit;
                    }
                    out.add(new CostGroup(day, service, tagKey, value, amounts, unit == null ? "USD" : unit,
                            Boolean.TRUE.equals(r.estimated())));
                }
            }
            token = response.nextPageToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    private <T> T withBackoff(Supplier<T> call, ApiUsage usage) {
        AwsConfig.Backoff b = config.backoff();
        ThrottleBackoff backoff = new ThrottleBackoff(b.initial(), b.max(), b.retries());
        for (int retry = 1;; retry++) {
            usage.add(COST_AND_USAGE, 1);
            try {
                return call.get();
            } catch (LimitExceededException e) {
                usage.add(THROTTLED, 1);
                Duration wait = backoff.before(retry).orElseThrow(() -> new AwsThrottledException(
                        "Cost Explorer still throttled after " + b.retries() + " retries"));
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new AwsThrottledException("interrupted while waiting to retry a throttled request");
                }
            }
        }
    }

    /** Thrown when throttling outlasts the backoff. */
    public static final class AwsThrottledException extends RuntimeException {
        public AwsThrottledException(String message) {
            super(message);
        }
    }

    /** Hourly metrics of every cluster, over every page; statuses other than Complete are noted. */
    private List<RedshiftHour> metricData(AwsClients.Session session, List<String> clusters, Instant from, Instant to,
            ApiUsage usage, Map<String, String> unavailable) {
        RedshiftMetricQueries plan = new RedshiftMetricQueries(clusters);
        List<MetricDataQuery> queries = plan.queries().stream().map(q -> MetricDataQuery.builder().id(q.id())
                .returnData(true).metricStat(MetricStat.builder().period(3600).stat(q.metric().statistic)
                        .metric(Metric.builder().namespace(io.ledgerhouse.collect.aws.engine.RedshiftMetric.NAMESPACE)
                                .metricName(q.metric().metricName).dimensions(Dimension.builder()
                                        .name(io.ledgerhouse.collect.aws.engine.RedshiftMetric.DIMENSION)
                                        .value(q.cluster()).build()).build()).build()).build()).toList();
        Map<String, RedshiftMetricQueries.Query> byId = new HashMap<>();
        plan.queries().forEach(q -> byId.put(q.id(), q));
        List<RedshiftMetricQueries.Points> points = new ArrayList<>();
        Map<String, StatusCode> lastStatus = new LinkedHashMap<>();
        String token = null;
        do {
            String page = token;
            usage.add(METRIC_DATA, 1);
            usage.add(METRICS_REQUESTED, queries.size());
            GetMetricDataResponse response = session.cloudWatch().getMetricData(r -> r.metricDataQueries(queries)
                    .startTime(from).endTime(to).scanBy(ScanBy.TIMESTAMP_ASCENDING).nextToken(page));
            for (MetricDataResult r : response.metricDataResults()) {
                points.add(new RedshiftMetricQueries.Points(r.id(), r.timestamps(), r.values()));
                lastStatus.put(r.id(), r.statusCode());
            }
            token = response.nextToken();
        } while (token != null && !token.isEmpty());
        lastStatus.forEach((id, status) -> {
            if (status != StatusCode.COMPLETE && byId.containsKey(id)) {
                RedshiftMetricQueries.Query q = byId.get(id);
                unavailable.put(METRICS_VIEW_PREFIX + q.cluster() + " " + q.metric().metricName,
                        "CloudWatch answered " + status + " for " + from + " .. " + to);
            }
        });
        return plan.hours(points);
    }

    // ---- writing the store

    private Map<String, Long> store(long sourceId, AwsConfig.Account account, Fetched f, Instant now)
            throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection store = dataSource.getConnection()) {
            try (PreparedStatement lock = store.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, "ledgerhouse.collect".hashCode());
                lock.setInt(2, Math.toIntExact(sourceId));
                lock.execute();
            }
            List<Instant> months = f.period().months().stream()
                    .map(m -> m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)).toList();
            long replaced = AwsStore.replaceMonths(store, sourceId, account.payerAccountId(), months,
                    f.charges().charges());
            f.groupsRead().forEach((k, n) -> rows.put("Cost Explorer groups (" + k + ")", n));
            rows.put("charges", (long) f.charges().charges().size());
            rows.put("charges replaced", replaced);
            watermarks.advance(sourceId, COST_VIEW, f.period().end().atStartOfDay().toInstant(ZoneOffset.UTC)
                    .isAfter(now) ? now : f.period().end().atStartOfDay().toInstant(ZoneOffset.UTC), now);
            if (!f.hours().isEmpty() || account.redshiftClusters().isPresent()) {
                AwsStore.upsertRedshiftHours(store, sourceId, f.hours(), now);
                rows.put("Redshift cluster-hours", (long) f.hours().size());
                for (String cluster : account.redshiftClusters().orElse(List.of())) {
                    watermarks.advance(sourceId, METRICS_VIEW_PREFIX + cluster, f.metricsTo(), now);
                }
            }
        }
        return rows;
    }
}
