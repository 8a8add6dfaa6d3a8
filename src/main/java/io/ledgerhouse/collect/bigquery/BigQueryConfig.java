package io.ledgerhouse.collect.bigquery;

import io.ledgerhouse.collect.bigquery.engine.BigQueryProjectSettings;
import io.ledgerhouse.collect.bigquery.engine.PriceSheet;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * BigQuery projects to collect from: {@code ledgerhouse.bigquery.projects.<name>.*}, and the prices their usage is
 * charged at ({@code ledgerhouse.bigquery.prices.*}, US list prices by default, overridable per region under
 * {@code ledgerhouse.bigquery.region-prices.<region>.*}). Credentials are never values here: a key file's path or the
 * name of the environment variable holding it; with neither, application default credentials.
 */
@ConfigMapping(prefix = "ledgerhouse.bigquery")
public interface BigQueryConfig {

    /** The projects, by the name Ledgerhouse shows for them (also their source name). */
    Map<String, Project> projects();

    /** How often each project is collected. */
    @WithDefault("1h")
    String every();

    /** How far back the first run of a view reads (JOBS keeps 180 days). */
    @WithDefault("35d")
    Duration initialLookback();

    /** The longest one collector run may take before its transaction is rolled back. */
    @WithDefault("2h")
    Duration runTimeout();

    /** Rows per result page the collector asks BigQuery for. */
    @WithDefault("10000")
    long pageSize();

    /** Default prices (US list prices). */
    Prices prices();

    /** Per-region overrides of {@link #prices()}, e.g. {@code region-prices."europe-west3".on-demand-per-tib}. */
    Map<String, RegionPrices> regionPrices();

    /** One project. */
    interface Project extends BigQueryProjectSettings {

        @Override
        @WithDefault("us")
        List<String> regions();

        /** Currency of the prices. */
        @WithDefault("USD")
        String currency();

        /** On-demand TiB free each month (per billing account; BigQuery's free tier is 1 TiB). */
        @WithDefault("1")
        BigDecimal freeTibPerMonth();

        /** Whether the collector runs for this project. */
        @WithDefault("true")
        boolean enabled();
    }

    /** Prices of a region (DOMAIN.md, BigQuery). */
    interface Prices {
        /** On-demand price per TiB (2^40 bytes) billed. */
        @WithDefault("6.25")
        BigDecimal onDemandPerTib();

        /** Standard edition, per slot-hour (pay as you go; no commitments). */
        @WithDefault("0.04")
        BigDecimal standardSlotHour();

        /** Enterprise edition per slot-hour: pay as you go, 1-year and 3-year commitment. */
        @WithDefault("0.06")
        BigDecimal enterpriseSlotHour();

        @WithDefault("0.048")
        BigDecimal enterprise1ySlotHour();

        @WithDefault("0.036")
        BigDecimal enterprise3ySlotHour();

        /** Enterprise Plus edition per slot-hour: pay as you go, 1-year and 3-year commitment. */
        @WithDefault("0.10")
        BigDecimal enterprisePlusSlotHour();

        @WithDefault("0.08")
        BigDecimal enterprisePlus1ySlotHour();

        @WithDefault("0.06")
        BigDecimal enterprisePlus3ySlotHour();

        /** Storage per GiB-month: logical active and long-term, physical active and long-term. */
        @WithDefault("0.02")
        BigDecimal logicalActiveGibMonth();

        @WithDefault("0.01")
        BigDecimal logicalLongTermGibMonth();

        @WithDefault("0.04")
        BigDecimal physicalActiveGibMonth();

        @WithDefault("0.02")
        BigDecimal physicalLongTermGibMonth();
    }

    /** A region's prices where they differ from the defaults. */
    interface RegionPrices {
        Optional<BigDecimal> onDemandPerTib();

        Optional<BigDecimal> standardSlotHour();

        Optional<BigDecimal> enterpriseSlotHour();

        Optional<BigDecimal> enterprisePlusSlotHour();

        Optional<BigDecimal> logicalActiveGibMonth();

        Optional<BigDecimal> logicalLongTermGibMonth();

        Optional<BigDecimal> physicalActiveGibMonth();

        Optional<BigDecimal> physicalLongTermGibMonth();
    }

    /** The price sheet of {@code region}: the defaults with that region's overrides. */
    default PriceSheet priceSheet(String region) {
        Prices p = prices();
        Optional<RegionPrices> r = Optional.ofNullable(regionPrices().get(region));
        return new PriceSheet(
                r.flatMap(RegionPrices::onDemandPerTib).orElse(p.onDemandPerTib()),
                r.flatMap(RegionPrices::standardSlotHour).orElse(p.standardSlotHour()),
                r.flatMap(RegionPrices::enterpriseSlotHour).orElse(p.enterpriseSlotHour()),
                p.enterprise1ySlotHour(), p.enterprise3ySlotHour(),
                r.flatMap(RegionPrices::enterprisePlusSlotHour).orElse(p.enterprisePlusSlotHour()),
                p.enterprisePlus1ySlotHour(), p.enterprisePlus3ySlotHour(),
                r.flatMap(RegionPrices::logicalActiveGibMonth).orElse(p.logicalActiveGibMonth()),
                r.flatMap(RegionPrices::logicalLongTermGibMonth).orElse(p.logicalLongTermGibMonth()),
                r.flatMap(RegionPrices::physicalActiveGibMonth).orElse(p.physicalActiveGibMonth()),
                r.flatMap(RegionPrices::physicalLongTermGibMonth).orElse(p.physicalLongTermGibMonth()));
    }
}
