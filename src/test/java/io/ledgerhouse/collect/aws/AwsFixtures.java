package io.ledgerhouse.collect.aws;

import io.ledgerhouse.collect.aws.fakes.FakeAwsServer;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;

/**
 * The cost fixture every AWS test starts from, from the first day of last month to today (UTC):
 *
 * <pre>
 * service          team       env    per day (unblended / amortized)   what it shows
 * Amazon Redshift  data-eng   prod   24.00 + 0.01 × day / 23.50 + …    one env: env is certain on its charges
 * Amazon S3        data-eng   prod   1.2345 / 1.2345
 * Amazon S3        marketing  dev    0.50 / 0.50
 * Amazon S3        (none)     (none) 0.25 / 0.25                       untagged: team "" (missing for rules)
 * Amazon EC2       marketing  prod   5.10 / 4.90                       two envs under one team: env unknown
 * Amazon EC2       marketing  dev    2.05 / 2.05
 * Amazon EC2       data-eng   dev    1.00 / 1.00
 * AWS Support      (none)     (none) 3.3333 / 3.3333                   a shared, untagged service
 * Tax              (none)     (none) 1.11 on the 1st of each month
 * </pre>
 */
final class AwsFixtures {

    static final String PAYER = "123456789012";

    private AwsFixtures() {
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    static LocalDate firstDay() {
        return YearMonth.from(today()).minusMonths(1).atDay(1);
    }

    static void load(FakeAwsServer fake) {
        for (LocalDate d = firstDay(); !d.isAfter(today()); d = d.plusDays(1)) {
            BigDecimal dom = new BigDecimal(d.getDayOfMonth()).movePointLeft(2);
            fake.item(d, "Amazon Redshift", Map.of("team", "data-eng", "env", "prod"),
                    new BigDecimal("24.00").add(dom).toPlainString(), new BigDecimal("23.50").add(dom).toPlainString());
            fake.item(d, "Amazon Simple Storage Service", Map.of("team", "data-eng", "env", "prod"), "1.2345",
                    "1.2345");
            fake.item(d, "Amazon Simple Storage Service", Map.of("team", "marketing", "env", "dev"), "0.50", "0.50");
            fake.item(d, "Amazon Simple Storage Service", Map.of(), "0.25", "0.25");
            fake.item(d, "Amazon Elastic Compute Cloud - Compute", Map.of("team", "marketing", "env", "prod"), "5.10",
                    "4.90");
            fake.item(d, "Amazon Elastic Compute Cloud - Compute", Map.of("team", "marketing", "env", "dev"), "2.05",
                    "2.05");
            fake.item(d, "Amazon Elastic Compute Cloud - Compute", Map.of("team", "data-eng", "env", "dev"), "1.00",
                    "1.00");
            fake.item(d, "AWS Support (Business)", Map.of(), "3.3333", "3.3333");
            if (d.getDayOfMonth() == 1) {
                fake.item(d, "Tax", Map.of(), "1.11", "1.11");
            }
        }
    }

    /** The fixture's sums by "day|service|team" (team "" when untagged): [unblended, amortized]. */
    static Map<String, BigDecimal[]> expected(FakeAwsServer fake) {
        Map<String, BigDecimal[]> out = new TreeMap<>();
        for (FakeAwsServer.Item i : fake.items()) {
            if (i.day().isBefore(firstDay()) || i.day().isAfter(today())) {
                continue;
            }
            BigDecimal[] s = out.computeIfAbsent(i.day() + "|" + i.service() + "|" + i.tags().getOrDefault("team", ""),
                    k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            s[0] = s[0].add(i.unblended());
            s[1] = s[1].add(i.amortized());
        }
        out.values().removeIf(s -> s[0].signum() == 0 && s[1].signum() == 0);
        return out;
    }

    /** An account as configuration would give it, pointed at the fake. */
    record Account(String payerAccountId, Optional<List<String>> tagKeys, List<String> metrics, String region,
            Optional<String> roleArn, Optional<URI> endpointOverride, Optional<List<String>> redshiftClusters,
            int months, Duration metricsLookback, boolean enabled) implements AwsConfig.Account {

        static Account of(List<String> tagKeys, List<String> clusters) {
            return new Account(PAYER, Optional.of(tagKeys), List.of("UnblendedCost", "AmortizedCost"), "eu-west-1",
                    Optional.empty(), Optional.empty(), clusters.isEmpty() ? Optional.empty() : Optional.of(clusters),
                    2, Duration.ofDays(28), true);
        }
    }

    /** Real SDK clients against the fake, with static test credentials. */
    static AwsClients.Session session(FakeAwsServer fake) {
        URI endpoint = URI.create("http://127.0.0.1:" + fake.port());
        StaticCredentialsProvider keys = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST",
                "test-secret"));
        return new AwsClients.Session(CostExplorerClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(keys).httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                CloudWatchClient.builder().region(Region.EU_WEST_1).endpointOverride(endpoint)
                        .credentialsProvider(keys).httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                List.of());
    }
}
