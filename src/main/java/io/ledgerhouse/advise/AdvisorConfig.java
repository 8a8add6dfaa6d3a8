package io.ledgerhouse.advise;

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
}
