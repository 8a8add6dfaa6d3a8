package io.ledgerhouse.domain;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * What a warehouse's clusters are made of, as far as the price goes: standard Gen1, standard Gen2 (about 1.35 times on
 * AWS and GCP, 1.25 times on Azure, no 5XL or 6XL) or Snowpark-optimized (1.5 times). DOMAIN.md, "Snowflake".
 */
public enum WarehouseKind {
    STANDARD_GEN1, STANDARD_GEN2, SNOWPARK_OPTIMIZED;

    /** The cloud the account runs on; only Gen2's multiplier depends on it. */
    public enum Cloud {
        AWS, GCP, AZURE
    }

    /** The multiplier on the standard Gen1 rate. */
    public BigDecimal multiplier(Cloud cloud) {
        return switch (this) {
            case STANDARD_GEN1 -> BigDecimal.ONE;
            case STANDARD_GEN2 -> cloud == Cloud.AZURE ? new BigDecimal("1.25") : new BigDecimal("1.35");
            case SNOWPARK_OPTIMIZED -> new BigDecimal("1.5");
        };
    }

    /** Credits an hour of one cluster of {@code size}; Gen2 has no 5XL or 6XL. */
    public BigDecimal creditsPerHour(WarehouseSize size, Cloud cloud) {
        if (this == STANDARD_GEN2 && size.compareTo(WarehouseSize.X4LARGE) > 0) {
            throw new IllegalArgumentException("Gen2 warehouses have no size " + size);
        }
        return BigDecimal.valueOf(size.standardCreditsPerHour()).multiply(multiplier(cloud));
    }

    /**
     * The kind of a warehouse from SHOW WAREHOUSES' {@code type} ("STANDARD", "SNOWPARK-OPTIMIZED") and
     * {@code resource_constraint} ("STANDARD_GEN_1", "STANDARD_GEN_2", "MEMORY_16X", ... or empty).
     */
    public static WarehouseKind of(String type, String resourceConstraint) {
        String t = type == null ? "STANDARD" : type.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("SNOWPARK")) {
            return SNOWPARK_OPTIMIZED;
        }
        String rc = resourceConstraint == null ? "" : resourceConstraint.trim().toUpperCase(Locale.ROOT);
        return rc.equals("STANDARD_GEN_2") ? STANDARD_GEN2 : STANDARD_GEN1;
    }
}
