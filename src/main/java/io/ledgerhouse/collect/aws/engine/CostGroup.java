package io.ledgerhouse.collect.aws.engine;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * One group of a Cost Explorer answer: a day's cost of one service and one value of one tag key ({@code tagKey} null
 * when the request grouped by SERVICE alone; {@code tagValue} empty when the cost carries no such tag, Cost
 * Explorer's {@code team$}). {@code amounts} holds each requested metric's amount (exact, as the decimal text Cost
 * Explorer sent) and {@code unit} its currency.
 */
public record CostGroup(LocalDate day, String service, String tagKey, String tagValue, Map<String, BigDecimal> amounts,
        String unit, boolean estimated) {

    public CostGroup {
        amounts = Map.copyOf(amounts);
    }

    /**
     * The tag value of a Cost Explorer TAG group key: {@code team$data-eng} is {@code data-eng}, {@code team$} (no tag)
     * is the empty string. A key without {@code $} is taken as the value itself.
     */
    public static String tagValue(String groupKey) {
        int dollar = groupKey.indexOf('$');
        return dollar < 0 ? groupKey : groupKey.substring(dollar + 1);
    }
}
