package io.ledgerhouse.advise.engine;

import java.util.List;

/**
 * The workload class a warehouse is treated as, and why: {@code overridden} when an operator set it, else the signs
 * found in its queries ({@code reasons}, each naming the figure and which class it points to).
 */
public record ClassInference(WorkloadClass workloadClass, boolean overridden, List<String> reasons) {
}
