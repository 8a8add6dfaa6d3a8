package io.ledgerhouse.allocate;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code ledgerhouse.allocation.*}. */
@ConfigMapping(prefix = "ledgerhouse.allocation")
public interface AllocationConfig {

    /** Re-allocate the months a collection or import changed, right after it commits. */
    @WithDefault("true")
    boolean afterCollection();

    /**
     * Most queries of a day's cloud-services adjustment held in memory at once: larger days are split in chunks of
     * this many queries (in query-id order) first.
     */
    @WithDefault("20000")
    int adjustmentChunk();
}
