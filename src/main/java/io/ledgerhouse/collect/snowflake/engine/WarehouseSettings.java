package io.ledgerhouse.collect.snowflake.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A warehouse's settings as SHOW WAREHOUSES reports them (everything that shapes its cost). */
public record WarehouseSettings(
        String name,
        String size,
        String type,
        String resourceConstraint,
        Integer autoSuspend,
        Boolean autoResume,
        Integer minClusterCount,
        Integer maxClusterCount,
        String scalingPolicy,
        Boolean enableQueryAcceleration,
        Integer queryAccelerationMaxScaleFactor) {

    /** What to do to the stored history after observing the account's warehouses at one instant. */
    public record Changes(List<String> close, List<WarehouseSettings> open) {
        public boolean isEmpty() {
            return close.isEmpty() && open.isEmpty();
        }
    }

    /**
     * Compares the settings in force (by warehouse name) with those observed: a warehouse whose settings changed has
     * its current row closed and a new one opened; a new warehouse gets a row; a warehouse no longer listed (dropped)
     * has its row closed. Unchanged warehouses are left alone.
     */
    public static Changes diff(Map<String, WarehouseSettings> inForce, List<WarehouseSettings> observed) {
        Map<String, WarehouseSettings> seen = new TreeMap<>();
        for (WarehouseSettings w : observed) {
            seen.put(w.name(), w);
        }
        List<String> close = new ArrayList<>();
        List<WarehouseSettings> open = new ArrayList<>();
        for (WarehouseSettings w : seen.values()) {
            WarehouseSettings current = inForce.get(w.name());
            if (current == null) {
                open.add(w);
            } else if (!Objects.equals(current, w)) {
                close.add(w.name());
                open.add(w);
            }
        }
        for (String name : new TreeMap<>(inForce).keySet()) {
            if (!seen.containsKey(name)) {
                close.add(name);
            }
        }
        return new Changes(close, open);
    }
}
