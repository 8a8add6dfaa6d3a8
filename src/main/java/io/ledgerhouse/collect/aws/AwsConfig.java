package io.ledgerhouse.collect.aws;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AWS payer (management) accounts to collect from: {@code ledgerhouse.aws.accounts.<name>.*}. No credential is ever
 * configured here: the SDK's default chain supplies them (environment, system properties, profile, container or
 * instance role), optionally to assume {@code role-arn}.
 */
@ConfigMapping(prefix = "ledgerhouse.aws")
public interface AwsConfig {

    /** The accounts, by the name Ledgerhouse shows for them (also their source name). */
    Map<String, Account> accounts();

    /** How often each account is collected (Cost Explorer updates about three times a day). */
    @WithDefault("6h")
    String every();

    /** The longest one collector run's write may take before its transaction is rolled back. */
    @WithDefault("10m")
    Duration runTimeout();

    /** Waits between retries of a throttled Cost Explorer request (LimitExceededException). */
    Backoff backoff();

    interface Backoff {
        /** The first wait; each further one doubles. */
        @WithDefault("2s")
        Duration initial();

        /** The longest wait. */
        @WithDefault("60s")
        Duration max();

        /** Retries of one request before the run fails. */
        @WithDefault("6")
        int retries();
    }

    /** One payer account. */
    interface Account {

        /** The payer (management) account id, the charges' BillingAccountId. */
        String payerAccountId();

        /**
         * Cost-allocation tag keys to group by, in order: the first one is on every charge, the others where certain
         * (docs/aws.md). Each costs one Cost Explorer request (0.01 USD) per page and run.
         */
        Optional<List<String>> tagKeys();

        /** Cost Explorer metrics; UnblendedCost becomes BilledCost and AmortizedCost EffectiveCost. */
        @WithDefault("UnblendedCost,AmortizedCost")
        List<String> metrics();

        /** Region of the CloudWatch client (Cost Explorer's endpoint is in us-east-1 whatever this says). */
        @WithDefault("us-east-1")
        String region();

        /** A role to assume (STS) with the default chain's credentials, e.g. a read-only billing role. */
        Optional<String> roleArn();

        /** An endpoint to use instead of AWS's for both services (tests; a VPC endpoint or proxy). */
        Optional<URI> endpointOverride();

        /** Redshift cluster identifiers whose CloudWatch metrics are collected hourly. */
        Optional<List<String>> redshiftClusters();

        /** Months re-read by each run, the current one included (AWS restates the current and previous month). */
        @WithDefault("2")
        int months();

        /** How far back the first CloudWatch read of a cluster reaches. */
        @WithDefault("28d")
        Duration metricsLookback();

        /** Whether the collector runs for this account. */
        @WithDefault("true")
        boolean enabled();
    }
}
