package io.ledgerhouse.costs.engine;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What costs can be grouped and filtered by. {@link #TAG} takes a tag key ({@code tag:environment}). */
public enum CostDimension {
    SOURCE("source"),
    PROVIDER("provider"),
    SERVICE("service"),
    SERVICE_CATEGORY("serviceCategory"),
    ACCOUNT("account"),
    SUB_ACCOUNT("subAccount"),
    REGION("region"),
    RESOURCE("resource"),
    CHARGE_CATEGORY("chargeCategory"),
    DAY("day"),
    MONTH("month"),
    TAG("tag");

    public final String label;

    CostDimension(String label) {
        this.label = label;
    }

    /** The dimension of that label (case-insensitive), or null. */
    public static CostDimension of(String label) {
        for (CostDimension d : values()) {
            if (d.label.equalsIgnoreCase(label)) {
                return d;
            }
        }
        return null;
    }

    public boolean isTime() {
        return this == DAY || this == MONTH;
    }

    static String accepted() {
        return Arrays.stream(values()).map(d -> d == TAG ? "tag:<key>" : d.label).collect(Collectors.joining(", "));
    }
}
