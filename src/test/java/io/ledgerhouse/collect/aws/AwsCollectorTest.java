package io.ledgerhouse.collect.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.collect.aws.fakes.FakeAwsPort;
import io.ledgerhouse.collect.aws.fakes.FakeAwsServer;
import io.ledgerhouse.testing.FreePort;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The AWS collector through the real SDK clients against the in-JVM fake Cost Explorer (JSON 1.1) and CloudWatch
 * (RPC v2 CBOR); the fixture is drawn in {@link AwsFixtures}. Each test collects its own source.
 */
@QuarkusTest
@QuarkusTestResource(FakeAwsPort.class)
class AwsCollectorTest {

    @Inject
    AwsCollector collector;
    @Inject
    AgroalDataSource dataSource;

    private final List<Duration> waits = new ArrayList<>();

    @AfterEach
    void realSleeper() {
        collector.useSleeper(AwsCollector.REAL_TIME);
    }

    private AwsCollector.RunReport collect(String source, FakeAwsServer fake, AwsConfig.Account account) {
        collector.useSleeper(waits::add);
        try (AwsClients.Session session = AwsFixtures.session(fake)) {
            return collector.collect(source, account, session);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFullCollectionEqualsTheFixtureWithoutCountingAnyCostTwice() throws Exception {
        try (FakeAwsServer fake = new FakeAwsServer(FreePort.find())) {
            fake.pageSize = 40;
            AwsFixtures.load(fake);
            AwsCollector.RunReport run = collect("aws-full", fake, AwsFixtures.Account.of(List.of("team", "env"),
                    List.of()));

            assertThat(run.status()).as(run.error()).isEqualTo("SUCCEEDED");
            assertThat(stored("aws-full")).isEqualTo(asText(AwsFixtures.expected(fake)));
            // the day totals equal Cost Explorer's (the fixture's) exactly, though two keys were asked for
            assertThat(dayTotals("aws-full")).isEqualTo(fixtureDayTotals(fake));

            // SERVICE × team and SERVICE × env, each paged; never more than two GroupBy per request
            assertThat(fake.costRequests).allSatisfy(r -> assertThat(r.path("GroupBy").size()).isLessThanOrEqualTo(2));
            assertThat(fake.costRequests).extracting(r -> r.path("GroupBy").path(1).path("Key").asText())
                    .containsOnly("team", "env");
            assertThat(fake.costRequests.size()).isGreaterThan(2);
            assertThat(fake.costRequests).allSatisfy(r -> {
                assertThat(r.path("Granularity").asText()).isEqualTo("DAILY");
                assertThat(r.path("TimePeriod").path("Start").asText()).isEqualTo(AwsFixtures.firstDay().toString());
                assertThat(r.path("TimePeriod").path("End").asText()).isEqualTo(AwsFixtures.today().plusDays(1)
                        .toString());
            });
            assertThat(run.apiRequests()).containsEntry(AwsCollector.COST_AND_USAGE,
                    (long) fake.costRequests.size());
            assertThat(run.apiCost()).isEqualByComparingTo(new BigDecimal("0.01")
                    .multiply(BigDecimal.valueOf(fake.costRequests.size())));

            // env only where certain: Redshift is all prod, Support all untagged, EC2 and S3 mixed
            Map<String, String> env = envByService("aws-full");
            assertThat(env).containsEntry("Amazon Redshift", "prod").containsEntry("AWS Support (Business)", "")
                    .containsEntry("Amazon Elastic Compute Cloud - Compute", null)
                    .containsEntry("Amazon Simple Storage Service", null);
            // the current month is Cost Explorer's estimate
            assertThat(count("aws-full", "extra->>'x_Estimated' = 'true' AND charge_period_start >= date_trunc("
                    + "'month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'")).isPositive();
            assertThat(count("aws-full", "provider_name = 'AWS' AND billing_account_id = '123456789012' AND "
                    + "billing_currency = 'USD'")).isEqualTo(count("aws-full", "true"));
        }
    }

    @Test
    void aRestatedMonthReplacesTheStoredOneAndIsNeverAddedBesideIt() throws Exception {
        try (FakeAwsServer fake = new FakeAwsServer(FreePort.find())) {
            fake.pageSize = 60;
            AwsFixtures.load(fake);
            assertThat(collect("aws-restate", fake, AwsFixtures.Account.of(List.of("team"), List.of())).status())
                    .isEqualTo("SUCCEEDED");
            long before = count("aws-restate", "true");

            // AWS restates last month: a day's Redshift cost is revised, a credit arrives, an S3 line disappears
            LocalDate revised = AwsFixtures.firstDay().plusDays(9);
            fake.removeItems(i -> i.day().equals(revised) && i.service().equals("Amazon Redshift"));
            fake.item(revised, "Amazon Redshift", Map.of("team", "data-eng", "env", "prod"), "30.00", "29.00");
            fake.item(AwsFixtures.firstDay().plusDays(14), "Amazon Redshift", Map.of("team", "data-eng"), "-5.00",
                    "-5.00");
            fake.removeItems(i -> i.day().equals(AwsFixtures.firstDay().plusDays(2)) && i.service().startsWith(
                    "Amazon Simple") && "marketing".equals(i.tags().get("team")));
            AwsCollector.RunReport second = collect("aws-restate", fake, AwsFixtures.Account.of(List.of("team"),
                    List.of()));

            assertThat(second.status()).isEqualTo("SUCCEEDED");
            assertThat(second.rowsByView().get("charges replaced")).isEqualTo(before);
            assertThat(stored("aws-restate")).isEqualTo(asText(AwsFixtures.expected(fake)));
            assertThat(count("aws-restate", "true")).isEqualTo(before - 1);
            assertThat(count("aws-restate", "charge_category = 'Credit'")).isZero(); // the credit nets into its day
        }
    }

    @Test
    void throttlingIsRetriedAfterABoundedBackoffAndCounted() throws Exception {
        try (FakeAwsServer fake = new FakeAwsServer(FreePort.find())) {
            fake.pageSize = 100;
            AwsFixtures.load(fake);
            fake.throttleNext(3);
            AwsCollector.RunReport run = collect("aws-throttle", fake, AwsFixtures.Account.of(List.of("team"),
                    List.of()));

            assertThat(run.status()).as(run.error()).isEqualTo("SUCCEEDED");
            // defaults: 2 s, doubling, at most 60 s; no real sleeping in tests
            assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
            assertThat(run.apiRequests()).containsEntry(AwsCollector.THROTTLED, 3L)
                    .containsEntry(AwsCollector.COST_AND_USAGE, (long) fake.costRequests.size());
            long answered = fake.costRequests.size() - 3;
            assertThat(run.apiCost()).isEqualByComparingTo(new BigDecimal("0.01").multiply(BigDecimal.valueOf(answered)));
            assertThat(stored("aws-throttle")).isEqualTo(asText(AwsFixtures.expected(fake)));

            // throttled beyond the backoff: the run fails, stores nothing new, and says so
            waits.clear();
            fake.item(AwsFixtures.today(), "Amazon Athena", Map.of("team", "data-eng"), "9.99", "9.99");
            Map<String, String> storedBefore = stored("aws-throttle");
            fake.throttleNext(100);
            AwsCollector.RunReport failed = collect("aws-throttle", fake, AwsFixtures.Account.of(List.of("team"),
                    List.of()));
            assertThat(failed.status()).isEqualTo("FAILED");
            assertThat(failed.error()).contains("AwsThrottledException").contains("6 retries");
            assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                    Duration.ofSeconds(16), Duration.ofSeconds(32), Duration.ofSeconds(60));
            assertThat(failed.apiRequests()).containsEntry(AwsCollector.THROTTLED, 7L);
            assertThat(failed.apiCost()).isEqualByComparingTo("0");
            assertThat(stored("aws-throttle")).isEqualTo(storedBefore);
            fake.throttleNext(0);
        }
    }

    @Test
    void aCallFailingMidRunLeavesTheStoreUnchangedAndTheNextRunCompletes() throws Exception {
        try (FakeAwsServer fake = new FakeAwsServer(FreePort.find())) {
            fake.pageSize = 30;
            AwsFixtures.load(fake);
            AwsConfig.Account account = AwsFixtures.Account.of(List.of("team", "env"), List.of());
            assertThat(collect("aws-fail", fake, account).status()).isEqualTo("SUCCEEDED");
            Map<String, String> first = stored("aws-fail");

            fake.item(AwsFixtures.firstDay().plusDays(3), "Amazon Redshift", Map.of("team", "data-eng"), "7.77",
                    "7.77");
            fake.failRequest(4); // a later page of the first series: some answers are in, not all
            AwsCollector.RunReport failed = collect("aws-fail", fake, account);
            assertThat(failed.status()).isEqualTo("FAILED");
            assertThat(failed.error()).contains("DataUnavailableException");
            assertThat(failed.apiRequests()).containsEntry(AwsCollector.COST_AND_USAGE, 4L);
            assertThat(stored("aws-fail")).isEqualTo(first);

            AwsCollector.RunReport next = collect("aws-fail", fake, account);
            assertThat(next.status()).isEqualTo("SUCCEEDED");
            assertThat(stored("aws-fail")).isEqualTo(asText(AwsFixtures.expected(fake))).isNotEqualTo(first);
        }
    }

    @Test
    void redshiftMetricsAreCollectedPerClusterHourOverPagesWithPartialData() throws Exception {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        try (FakeAwsServer fake = new FakeAwsServer(FreePort.find())) {
            fake.metricPageSize = 30; // 48 points a metric: a first page of PartialData, then the rest
            for (int h = 1; h <= 48; h++) {
                Instant at = hour.minus(h, ChronoUnit.HOURS);
                fake.point("analytics-1", "CPUUtilization", at, h % 2 == 0 ? 2.5 : 41.0);
                fake.point("analytics-1", "DatabaseConnections", at, h % 2 == 0 ? 0 : 6);
                fake.point("analytics-1", "PercentageDiskSpaceUsed", at, 37.25);
                fake.point("etl-2", "CPUUtilization", at, 80.0);
                fake.point("etl-2", "DatabaseConnections", at, 12);
                fake.point("etl-2", "PercentageDiskSpaceUsed", at, 61.5);
                fake.point("etl-2", "ConcurrencyScalingActiveClusters", at, h < 10 ? 1 : 0);
                fake.point("etl-2", "ConcurrencyScalingSeconds", at, h < 10 ? 1800 : 0);
            }
            // an hour in progress is not read
            fake.point("analytics-1", "CPUUtilization", hour, 99);
            AwsConfig.Account account = AwsFixtures.Account.of(List.of(), List.of("analytics-1", "etl-2"));
            AwsCollector.RunReport run = collect("aws-cw", fake, account);

            assertThat(run.status()).as(run.error()).isEqualTo("SUCCEEDED");
            assertThat(fake.metricRequests).hasSize(2);
            assertThat(fake.metricRequests.get(0).path("MetricDataQueries").size()).isEqualTo(10);
            assertThat(fake.metricRequests.get(1).path("NextToken").asText()).isEqualTo("1");
            assertThat(fake.metricResponseStatuses).contains("PartialData", "Complete");
            assertThat(run.unavailable()).isEmpty(); // every partial answer was completed on the next page
            assertThat(run.apiRequests()).containsEntry(AwsCollector.METRIC_DATA, 2L)
                    .containsEntry(AwsCollector.METRICS_REQUESTED, 20L);
            assertThat(run.rowsByView()).containsEntry("Redshift cluster-hours", 96L);

            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                    + "cluster_id, count(*), sum(cpu_percent), sum(connections), max(disk_used_percent), "
                    + "sum(concurrency_scaling_seconds), count(concurrency_scaling_clusters), max(hour) "
                    + "FROM aws_redshift_hour h JOIN source s ON s.id = h.source_id WHERE s.name = 'aws-cw' "
                    + "GROUP BY 1 ORDER BY 1")) {
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("analytics-1");
                    assertThat(rs.getLong(2)).isEqualTo(48);
                    assertThat(rs.getDouble(3)).isEqualTo(24 * 2.5 + 24 * 41.0);
                    assertThat(rs.getDouble(4)).isEqualTo(24 * 6.0);
                    assertThat(rs.getDouble(5)).isEqualTo(37.25);
                    assertThat(rs.getObject(6)).isNull(); // concurrency scaling: not present on this cluster
                    assertThat(rs.getTimestamp(8).toInstant()).isEqualTo(hour.minus(1, ChronoUnit.HOURS));
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("etl-2");
                    assertThat(rs.getDouble(6)).isEqualTo(9 * 1800.0);
                    assertThat(rs.getLong(7)).isEqualTo(48);
                }
            }

            // the next run re-reads only the last hours
            AwsCollector.RunReport again = collect("aws-cw", fake, account);
            assertThat(again.status()).isEqualTo("SUCCEEDED");
            double start = fake.metricRequests.get(fake.metricRequests.size() - 1).path("StartTime").asDouble();
            assertThat(Instant.ofEpochSecond((long) start)).isEqualTo(hour.minus(AwsCollector.METRICS_REREAD));
        }
    }

    // ---- reading the store

    private Map<String, String> stored(String source) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                + "(charge_period_start AT TIME ZONE 'UTC')::date, service_name, coalesce(tags->>'team', '<none>'), "
                + "sum(billed_cost), sum(effective_cost), count(*) FROM charge ch JOIN source s ON s.id = ch.source_id "
                + "WHERE s.name = ? GROUP BY 1, 2, 3")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, LocalDate.class) + "|" + rs.getString(2) + "|" + rs.getString(3),
                            rs.getBigDecimal(4).stripTrailingZeros().toPlainString() + " / "
                                    + rs.getBigDecimal(5).stripTrailingZeros().toPlainString() + " x"
                                    + rs.getLong(6));
                }
            }
        }
        return out;
    }

    private static Map<String, String> asText(Map<String, BigDecimal[]> expected) {
        Map<String, String> out = new TreeMap<>();
        expected.forEach((k, v) -> out.put(k, v[0].stripTrailingZeros().toPlainString() + " / "
                + v[1].stripTrailingZeros().toPlainString() + " x1"));
        return out;
    }

    private Map<LocalDate, BigDecimal> dayTotals(String source) throws Exception {
        Map<LocalDate, BigDecimal> out = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT "
                + "(charge_period_start AT TIME ZONE 'UTC')::date, sum(billed_cost) FROM charge ch JOIN source s "
                + "ON s.id = ch.source_id WHERE s.name = ? GROUP BY 1")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, LocalDate.class), rs.getBigDecimal(2).stripTrailingZeros());
                }
            }
        }
        return out;
    }

    private static Map<LocalDate, BigDecimal> fixtureDayTotals(FakeAwsServer fake) {
        Map<LocalDate, BigDecimal> out = new TreeMap<>();
        fake.items().forEach(i -> out.merge(i.day(), i.unblended(), BigDecimal::add));
        out.replaceAll((d, v) -> v.stripTrailingZeros());
        return out;
    }

    private Map<String, String> envByService(String source) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT DISTINCT "
                + "service_name, tags->>'env' FROM charge ch JOIN source s ON s.id = ch.source_id WHERE s.name = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(out.containsKey(rs.getString(1))).as("one env state per service").isFalse();
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    private long count(String source, String condition) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT count(*) "
                + "FROM charge ch JOIN source s ON s.id = ch.source_id WHERE s.name = ? AND " + condition)) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
