package io.ledgerhouse.costs.engine;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What costs can be grouped and filtered by. {@link #TAG} takes a tag key ({@code tag:environment}). The allocation
 * dimensions group the allocated shares of charges; the query dimensions group per-query costs, with the shares that
 * came from no query under an empty value.
 */
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
    TAG("tag"),
    // from allocation: who a charge's shares went to
    TEAM("team"),
    WORKLOAD("workload"),
    COST_CENTER("costCenter"),
    CATEGORY("category"),
    WAREHOUSE("warehouse"),
    // from per-query costs
    USER("user"),
    ROLE("role"),
    QUERY_PATTERN("queryPattern");

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

    /** Known only once charges are allocated (team, workload, cost center, category, warehouse). */
    public boolean isAllocation() {
        return this == TEAM || this == WORKLOAD || this == COST_CENTER || this == CATEGORY || this == WAREHOUSE;
    }

    /** Known only for the shares of queries (user, role, query pattern). */
    public boolean isQuery() {
        return this == USER || this == ROLE || this == QUERY_PATTERN;
    }

    static String accepted() {
        return Arrays.stream(values()).map(d -> d == TAG ? "tag:<key>" : d.label).collect(Collectors.joining(", "));
    }
}
