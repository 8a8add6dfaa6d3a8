package io.ledgerhouse.allocate.engine;

import io.ledgerhouse.domain.WarehouseKind;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import java.util.NavigableMap;

/**
 * Which generation each Snowflake warehouse was, when: the {@code resource_constraint} of the settings history
 * (SHOW WAREHOUSES), by warehouse name and the time each value took effect. QUERY_HISTORY says only "STANDARD", and a
 * Gen2 warehouse's credits per hour are about 1.35 times Gen1's, so without this its busy time is under-priced and the
 * rest of its metered credits look idle.
 */
public final class WarehouseGenerations {

    /** No history: every standard warehouse is taken as Gen1. */
    public static final WarehouseGenerations UNKNOWN = new WarehouseGenerations(Map.of());

    private final Map<String, NavigableMap<Instant, String>> byWarehouse = new HashMap<>();

    /** {@code history}: by warehouse name, the resource constraint in force from each instant on. */
    public WarehouseGenerations(Map<String, ? extends NavigableMap<Instant, String>> history) {
        history.forEach((name, values) -> byWarehouse.put(key(name), values));
    }

    /**
     * The kind of {@code warehouse} (QUERY_HISTORY's {@code type}) at {@code at}: the generation in force then; before
     * the first observation, the earliest one observed (the collector sees settings only from its first run, and a
     * warehouse's generation rarely changes); Gen1 for a standard warehouse with no history.
     */
    public WarehouseKind kind(String warehouse, String type, Instant at) {
        NavigableMap<Instant, String> values = warehouse == null ? null : byWarehouse.get(key(warehouse));
        String constraint = null;
        if (values != null && !values.isEmpty()) {
            Entry<Instant, String> inForce = values.floorEntry(at);
            constraint = (inForce != null ? inForce : values.firstEntry()).getValue();
        }
        return WarehouseKind.of(type, constraint);
    }

    private static String key(String name) {
        return name.toUpperCase(Locale.ROOT);
    }
}
