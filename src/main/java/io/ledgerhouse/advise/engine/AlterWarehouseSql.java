package io.ledgerhouse.advise.engine;

import io.ledgerhouse.domain.WarehouseSize;

/**
 * The ALTER WAREHOUSE statements recommendations carry. The warehouse name is always a double-quoted identifier with
 * every embedded {@code "} doubled, so any name (as SHOW WAREHOUSES reports it, case kept) stays one identifier;
 * values come only from enums (sizes, policies) or ints, never from text.
 */
public final class AlterWarehouseSql {

    private AlterWarehouseSql() {
    }

    /** {@code name} as a Snowflake quoted identifier; rejects empty names, names over 255 characters, control characters. */
    public static String quoteIdentifier(String name) {
        if (name == null || name.isEmpty() || name.length() > 255) {
            throw new IllegalArgumentException("a warehouse name has 1 to 255 characters");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException("a warehouse name cannot contain control characters");
            }
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** {@code ALTER WAREHOUSE "name" SET AUTO_SUSPEND = n} (0 = never). */
    public static String autoSuspend(String warehouse, int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("AUTO_SUSPEND cannot be negative");
        }
        return set(warehouse, "AUTO_SUSPEND = " + seconds);
    }

    public static String size(String warehouse, WarehouseSize size) {
        return set(warehouse, "WAREHOUSE_SIZE = '" + size.sql() + "'");
    }

    public static String minClusterCount(String warehouse, int clusters) {
        return set(warehouse, "MIN_CLUSTER_COUNT = " + clusters(clusters));
    }

    public static String maxClusterCount(String warehouse, int clusters) {
        return set(warehouse, "MAX_CLUSTER_COUNT = " + clusters(clusters));
    }

    public static String scalingPolicy(String warehouse, ScalingPolicy policy) {
        return set(warehouse, "SCALING_POLICY = '" + policy.name() + "'");
    }

    private static int clusters(int n) {
        if (n < 1 || n > 300) {
            throw new IllegalArgumentException("cluster counts are 1 to 300");
        }
        return n;
    }

    private static String set(String warehouse, String assignment) {
        return "ALTER WAREHOUSE " + quoteIdentifier(warehouse) + " SET " + assignment;
    }
}
