package io.ledgerhouse.collect.aws.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerhouse.domain.ChargeRow;
import io.ledgerhouse.domain.FocusColumn;
import io.ledgerhouse.domain.TagKeys;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns Cost Explorer groups into FOCUS-aligned charges without counting any cost twice.
 *
 * <p>Each GetCostAndUsage series (SERVICE × one tag key) partitions the same daily cost: summing two of them would
 * double it. So the charges are the groups of the <b>first</b> tag key's series: one charge per day, service and value
 * of that key, whose sum is exactly Cost Explorer's total for the day. The other keys' series never add cost; they
 * only name their key's value on a day's charges of a service when that is certain: when all of that service's cost
 * that day carries one value of the key (which may be the empty value, untagged), and that series' total for the
 * service-day equals the first series'. Otherwise the key is left off those charges, because how the two keys combine
 * is not in any answer and is not invented here.
 */
public final class CostExplorerCharges {

    public static final String PROVIDER = "AWS";

    private CostExplorerCharges() {
    }

    /** Which metric becomes BilledCost and which EffectiveCost. */
    public record Metrics(String billed, String effective) {

        /** UnblendedCost as billed (else the first metric); AmortizedCost, else NetAmortizedCost, else the billed. */
        public static Metrics of(List<String> requested) {
            String billed = requested.contains("UnblendedCost") ? "UnblendedCost" : requested.get(0);
            String effective = requested.contains("AmortizedCost") ? "AmortizedCost"
                    : requested.contains("NetAmortizedCost") ? "NetAmortizedCost" : billed;
            return new Metrics(billed, effective);
        }
    }

    /** The charges, and each day's total per currency (the billed metric), for comparison with Cost Explorer. */
    public record Result(List<ChargeRow> charges, Map<LocalDate, Map<String, BigDecimal>> dailyTotals,
            Map<String, Long> secondaryTagsAttached) {
    }

    /**
     * Derives the charges of payer account {@code payer} from {@code groupsByKey}: the groups of each series, by its
     * tag key in configuration order (the key null for a SERVICE-only series). The charges' billed costs sum to the first
     * series' total of every day exactly.
     */
    public static Result derive(String payer, LinkedHashMap<String, List<CostGroup>> groupsByKey, Metrics metrics) {
        List<String> keys = new ArrayList<>(groupsByKey.keySet());
        String primaryKey = keys.isEmpty() ? null : keys.get(0);
        List<CostGroup> primary = keys.isEmpty() ? List.of() : groupsByKey.get(primaryKey);

        // for each other key: per (day, service) the single value that carries all the cost, when there is one
        Map<String, Map<DayService, String>> certain = new LinkedHashMap<>();
        Map<DayService, BigDecimal> primaryTotals = totals(primary, metrics.billed());
        for (String key : keys.subList(Math.min(1, keys.size()), keys.size())) {
            Map<DayService, Set<String>> values = new HashMap<>();
            for (CostGroup g : groupsByKey.get(key)) {
                if (hasCost(g)) {
                    values.computeIfAbsent(new DayService(g.day(), g.service()), k -> new LinkedHashSet<>())
                            .add(g.tagValue() == null ? "" : g.tagValue());
                }
            }
            Map<DayService, BigDecimal> totals = totals(groupsByKey.get(key), metrics.billed());
            Map<DayService, String> single = new HashMap<>();
            values.forEach((ds, vs) -> {
                if (vs.size() == 1 && totals.get(ds).compareTo(primaryTotals.getOrDefault(ds, BigDecimal.ZERO)) == 0) {
                    single.put(ds, vs.iterator().next());
                }
            });
            certain.put(key, single);
        }

        List<ChargeRow> charges = new ArrayList<>(primary.size());
        Map<LocalDate, Map<String, BigDecimal>> daily = new TreeMap<>();
        Map<String, Long> attached = new LinkedHashMap<>();
        for (CostGroup g : primary) {
            if (!hasCost(g)) {
                continue;
            }
            Map<String, String> tags = new LinkedHashMap<>();
            if (primaryKey != null) {
                tags.put(primaryKey, g.tagValue() == null ? "" : g.tagValue());
            }
            DayService ds = new DayService(g.day(), g.service());
            certain.forEach((key, single) -> {
                String v = single.get(ds);
                if (v != null) {
                    tags.put(key, v);
                    attached.merge(key, 1L, Long::sum);
                }
            });
            charges.add(charge(payer, g, tags, metrics));
            daily.computeIfAbsent(g.day(), d -> new TreeMap<>()).merge(g.unit(), amount(g, metrics.billed()),
                    BigDecimal::add);
        }
        return new Result(charges, daily, attached);
    }

    private record DayService(LocalDate day, String service) {
    }

    private static Map<DayService, BigDecimal> totals(List<CostGroup> groups, String metric) {
        Map<DayService, BigDecimal> out = new HashMap<>();
        for (CostGroup g : groups) {
            out.merge(new DayService(g.day(), g.service()), amount(g, metric), BigDecimal::add);
        }
        return out;
    }

    private static boolean hasCost(CostGroup g) {
        return g.amounts().values().stream().anyMatch(a -> a.signum() != 0);
    }

    private static BigDecimal amount(CostGroup g, String metric) {
        return g.amounts().getOrDefault(metric, BigDecimal.ZERO);
    }

    private static ChargeRow charge(String payer, CostGroup g, Map<String, String> tags, Metrics metrics) {
        BigDecimal billed = amount(g, metrics.billed());
        BigDecimal effective = amount(g, metrics.effective());
        Instant start = g.day().atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = g.day().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        YearMonth month = YearMonth.from(g.day());
        Instant billingStart = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant billingEnd = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);

        String[] v = new String[FocusColumn.values().length];
        v[FocusColumn.BILLED_COST.ordinal()] = billed.toPlainString();
        v[FocusColumn.EFFECTIVE_COST.ordinal()] = effective.toPlainString();
        v[FocusColumn.BILLING_ACCOUNT_ID.ordinal()] = payer;
        v[FocusColumn.BILLING_CURRENCY.ordinal()] = g.unit();
        v[FocusColumn.BILLING_PERIOD_START.ordinal()] = billingStart.toString();
        v[FocusColumn.BILLING_PERIOD_END.ordinal()] = billingEnd.toString();
        v[FocusColumn.CHARGE_PERIOD_START.ordinal()] = start.toString();
        v[FocusColumn.CHARGE_PERIOD_END.ordinal()] = end.toString();
        v[FocusColumn.CHARGE_CATEGORY.ordinal()] = category(g.service(), billed);
        v[FocusColumn.CHARGE_FREQUENCY.ordinal()] = "Usage-Based";
        v[FocusColumn.CHARGE_DESCRIPTION.ordinal()] = g.service() + " on " + g.day() + " (Cost Explorer, daily)";
        v[FocusColumn.PROVIDER_NAME.ordinal()] = PROVIDER;
        v[FocusColumn.PUBLISHER_NAME.ordinal()] = PROVIDER;
        v[FocusColumn.INVOICE_ISSUER_NAME.ordinal()] = PROVIDER;
        v[FocusColumn.SERVICE_NAME.ordinal()] = g.service();
        v[FocusColumn.SERVICE_CATEGORY.ordinal()] = serviceCategory(g.service());

        ObjectNode tagJson = JsonNodeFactory.instance.objectNode();
        ObjectNode norm = JsonNodeFactory.instance.objectNode();
        tags.forEach((k, value) -> {
            tagJson.put(k, value);
            norm.put(TagKeys.normalize(k), value);
        });
        v[FocusColumn.TAGS.ordinal()] = tags.isEmpty() ? null : tagJson.toString();

        ObjectNode extra = JsonNodeFactory.instance.objectNode();
        if (g.estimated()) {
            extra.put("x_Estimated", true);
        }
        new TreeMap<>(g.amounts()).forEach((metric, a) -> {
            if (!metric.equals(metrics.billed()) && !metric.equals(metrics.effective())) {
                extra.put("x_" + metric, a);
            }
        });
        return new ChargeRow(v, tags.isEmpty() ? null : norm.toString(), extra.isEmpty() ? null : extra.toString(),
                billed, effective, g.unit(), PROVIDER, payer, billingStart, start);
    }

    private static String category(String service, BigDecimal billed) {
        if ("Tax".equalsIgnoreCase(service)) {
            return "Tax";
        }
        return billed.signum() < 0 ? "Credit" : "Usage";
    }

    /** A FOCUS ServiceCategory from Cost Explorer's service name; Other when the name says nothing known. */
    static String serviceCategory(String service) {
        String s = Objects.requireNonNullElse(service, "").toLowerCase(Locale.ROOT);
        if (s.contains("redshift") || s.contains("rds") || s.contains("dynamodb") || s.contains("relational database")
                || s.contains("athena") || s.contains("glue") || s.contains("emr")) {
            return s.contains("athena") || s.contains("glue") || s.contains("emr") ? "Analytics" : "Databases";
        }
        if (s.contains("ec2") || s.contains("elastic compute") || s.contains("lambda")) {
            return "Compute";
        }
        if (s.contains("s3") || s.contains("simple storage") || s.contains("elastic block")) {
            return "Storage";
        }
        if (s.contains("cloudfront") || s.contains("data transfer") || s.contains("vpc")) {
            return "Networking";
        }
        return "Other";
    }
}
