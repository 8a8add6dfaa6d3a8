package io.ledgerhouse.advise;

import io.ledgerhouse.advise.engine.BigQueryQuerySettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/** {@code ledgerhouse.advisor.*}. */
@ConfigMapping(prefix = "ledgerhouse.advisor")
public interface AdvisorConfig {

    /** Days of history each analysis replays. */
    @WithDefault("28")
    int days();

    /** How often every Snowflake source's advice is refreshed (it also follows every collection). */
    @WithDefault("6h")
    String every();

    /** No auto-suspend advice when the replay of the current setting is further than this from metering. */
    @WithDefault("10")
    double fidelityBoundPercent();

    /** Refresh a Snowflake source's advice right after each of its collections. */
    @WithDefault("true")
    boolean afterCollection();

    /** Days after a recommendation was applied before its effect is measured. */
    @WithDefault("7")
    int verifyAfterDays();

    /** Workload class per warehouse name (INTERACTIVE or ETL), overriding the inferred one. */
    Map<String, String> warehouseClass();

    /** BigQuery query-pattern and full-scan advice: {@code ledgerhouse.advisor.bigquery.*}. */
    BigQueryAdvice bigquery();

    /** Thresholds of the BigQuery query advice (docs/bigquery.md, "Advice: queries"). */
    interface BigQueryAdvice extends BigQueryQuerySettings {

        /** How many query patterns (normalized-literals hashes) are ranked; advice is given for these only. */
        @Override
        @WithDefault("20")
        int topPatterns();

        /** Smallest monthly cost, in the project's currency, of a pattern or a table's full scans worth advice. */
        @Override
        @WithDefault("10")
        double minimumMonthlyCost();

        /** Executions (cache misses) in the period from which a pattern counts as repeated. */
        @Override
        @WithDefault("20")
        int repeatedMinimumRuns();

        /** Largest spread of bytes processed between a repeated pattern's executions, as a share of the largest. */
        @Override
        @WithDefault("0.1")
        double repeatedStableSpread();

        /** GiB processed per run on average from which a SELECT * pattern gets advice. */
        @Override
        @WithDefault("1")
        double selectStarMinimumGib();

        /** Logical GiB from which an unpartitioned table is large enough for full-scan advice. */
        @Override
        @WithDefault("100")
        double largeTableGib();

        /** Share of a table's logical bytes a job must process to count as a full scan of it. */
        @Override
        @WithDefault("0.9")
        double fullScanShare();

        /** Days of partitions a scan is assumed to read once the table is partitioned (the saving estimate). */
        @Override
        @WithDefault("30")
        int assumedDaysRead();

        /** Longest example of a pattern's query text shown, in characters. */
        @Override
        @WithDefault("300")
        int sampleTextLength();
    }
}
