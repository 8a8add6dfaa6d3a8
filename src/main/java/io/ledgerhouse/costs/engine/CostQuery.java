package io.ledgerhouse.costs.engine;

import java.time.LocalDate;
import java.util.List;

/**
 * A question about costs: charges whose ChargePeriodStart falls in [{@code from}, {@code to}) (UTC days), grouped by
 * {@code groupBy} and restricted by {@code filters}. Terms on the same dimension (and tag key) are alternatives (OR);
 * terms on different ones must all hold (AND).
 */
public record CostQuery(LocalDate from, LocalDate to, List<Grouping> groupBy, List<FilterTerm> filters, int limit) {

    /** One grouping: a dimension, and for {@link CostDimension#TAG} the normalised tag key. */
    public record Grouping(CostDimension dimension, String tagKey) {
        /** The name of this grouping in results: {@code provider}, {@code tag:environment}. */
        public String label() {
            return dimension == CostDimension.TAG ? "tag:" + tagKey : dimension.label;
        }
    }

    /** One filter term: the dimension (and tag key) must equal {@code value}. */
    public record FilterTerm(CostDimension dimension, String tagKey, String value) {
        /** Terms with the same key are ORed together. */
        public String key() {
            return dimension == CostDimension.TAG ? "tag:" + tagKey : dimension.label;
        }
    }
}
