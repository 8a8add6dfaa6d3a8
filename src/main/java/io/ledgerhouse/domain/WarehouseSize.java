package io.ledgerhouse.domain;

import java.util.Locale;

/**
 * Snowflake warehouse sizes, smallest first. A standard Gen1 cluster of a size burns {@link #standardCreditsPerHour()}
 * credits an hour: 1 for X-Small, doubling with each step (DOMAIN.md, "Snowflake").
 */
public enum WarehouseSize {
    XSMALL, SMALL, MEDIUM, LARGE, XLARGE, XXLARGE, XXXLARGE, X4LARGE, X5LARGE, X6LARGE;

    /** Credits an hour of one standard Gen1 cluster. */
    public long standardCreditsPerHour() {
        return 1L << ordinal();
    }

    /** The value of {@code WAREHOUSE_SIZE = '...'}: one of a fixed set of literals, never user text. */
    public String sql() {
        return name();
    }

    /** The next size up, or {@code null} at the largest. */
    public WarehouseSize larger() {
        return ordinal() + 1 < values().length ? values()[ordinal() + 1] : null;
    }

    /** The next size down, or {@code null} at X-Small. */
    public WarehouseSize smaller() {
        return ordinal() > 0 ? values()[ordinal() - 1] : null;
    }

    /**
     * Reads a size as SHOW WAREHOUSES or QUERY_HISTORY writes it ("X-Small", "XSMALL", "2X-Large", "X2LARGE",
     * "XXLARGE", "Medium", ...).
     */
    public static WarehouseSize parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no warehouse size");
        }
        String s = text.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
        return switch (s) {
            case "XSMALL" -> XSMALL;
            case "SMALL" -> SMALL;
            case "MEDIUM" -> MEDIUM;
            case "LARGE" -> LARGE;
            case "XLARGE" -> XLARGE;
            case "XXLARGE", "X2LARGE", "2XLARGE" -> XXLARGE;
            case "XXXLARGE", "X3LARGE", "3XLARGE" -> XXXLARGE;
            case "X4LARGE", "4XLARGE" -> X4LARGE;
            case "X5LARGE", "5XLARGE" -> X5LARGE;
            case "X6LARGE", "6XLARGE" -> X6LARGE;
            default -> throw new IllegalArgumentException("unknown warehouse size " + text);
        };
    }
}
