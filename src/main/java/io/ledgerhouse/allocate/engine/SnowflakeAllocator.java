package io.ledgerhouse.allocate.engine;

import io.ledgerhouse.allocate.engine.Allocation.Category;
import io.ledgerhouse.allocate.engine.Allocation.Method;
import io.ledgerhouse.domain.WarehouseKind;
import io.ledgerhouse.domain.WarehouseSize;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Allocates a Snowflake account's charges to its queries and, through the rules, to teams (DOMAIN.md, "Allocation"):
 *
 * <ol>
 *   <li>Compute, per warehouse-hour with metered credits C: each query's execution interval (start + queueing +
 *       compilation .. end) overlaps the hour for its active time; busy time is the union of the intervals per
 *       cluster; used = min(C, busy x the size's credits per hour), idle = C - used. Where QUERY_ATTRIBUTION_HISTORY
 *       credits are present (pro-rated to the hour by active time) they are the weights and used = min(C, their sum).
 *       Used credits go to the queries by weight; idle follows the warehouse's idle policy: the owner's own line
 *       (default), or shared over the hour's or the day's queries by weight. An hour with credits and no query is
 *       idle: it is never dropped.</li>
 *   <li>Cloud services, per warehouse-hour, by each query's cloud-services credits (queries that started in the
 *       hour); the daily adjustment (the 10% rule, negative) over the day's queries of the account the same way, so
 *       each query's net is its share of what is billed.</li>
 *   <li>Query acceleration, per warehouse-hour, by the bytes the service scanned for each query.</li>
 *   <li>Credits are split at nine decimals and money at the charge's decimals (at least cents), both by largest
 *       remainder: every charge's shares sum to it exactly.</li>
 * </ol>
 */
public final class SnowflakeAllocator {

    /** Where a warehouse's idle credits go. */
    public enum IdlePolicy {
        OWNER, HOUR, DAY
    }

    private static final long HOUR_MS = 3_600_000;

    private final RuleBook rules;
    private final Function<String, IdlePolicy> idlePolicy;
    private final WarehouseGenerations generations;

    /** {@code idlePolicy} gives each warehouse's policy by name; every standard warehouse is taken as Gen1. */
    public SnowflakeAllocator(RuleBook rules, Function<String, IdlePolicy> idlePolicy) {
        this(rules, idlePolicy, WarehouseGenerations.UNKNOWN);
    }

    /**
     * {@code idlePolicy} gives each warehouse's policy by name; {@code generations} tells Gen1 from Gen2 warehouses
     * (their settings history), which prices an hour's busy time.
     */
    public SnowflakeAllocator(RuleBook rules, Function<String, IdlePolicy> idlePolicy,
            WarehouseGenerations generations) {
        this.rules = rules;
        this.idlePolicy = idlePolicy;
        this.generations = generations;
    }

    /** A share before money: who, what, how, and how many credits (exact). */
    private record Part(QueryUsage query, Subject subject, Category category, Method method, BigDecimal credits) {
    }

    /**
     * The compute charges of one warehouse for one UTC day ({@code hours}: its WAREHOUSE_COMPUTE charges) and the
     * queries that ran on it that day (any that overlap it).
     */
    public List<Allocation> warehouseDay(List<Charge> hours, List<QueryUsage> queries) {
        List<Allocation> out = new ArrayList<>();
        if (hours.isEmpty()) {
            return out;
        }
        // every hour's weights first: the day policy shares idle by the day's weights
        Map<Charge, Map<QueryUsage, BigDecimal>> weights = new HashMap<>();
        Map<Charge, BigDecimal> used = new HashMap<>();
        Map<Charge, Method> methods = new HashMap<>();
        Map<QueryUsage, BigDecimal> dayWeights = new java.util.LinkedHashMap<>();
        boolean attributionDay = queries.stream().anyMatch(q -> q.attributedCredits() != null);
        for (Charge hour : hours) {
            Map<QueryUsage, BigDecimal> w = new java.util.LinkedHashMap<>();
            List<long[]> intervals = new ArrayList<>();
            BigDecimal rate = null;
            for (QueryUsage q : queries) {
                long active = q.activeMs(hour.start(), hour.end());
                if (active <= 0) {
                    continue;
                }
                if (attributionDay) {
                    if (q.attributedCredits() != null && q.executionMs() > 0) {
                        w.put(q, q.attributedCredits().multiply(BigDecimal.valueOf(active))
                                .divide(BigDecimal.valueOf(q.executionMs()), 12, RoundingMode.HALF_EVEN));
                    }
                } else {
                    w.put(q, BigDecimal.valueOf(active));
                }
                long from = Math.max(q.executionStart().toEpochMilli(), hour.start().toEpochMilli());
                intervals.add(new long[] {q.cluster(), from, from + active});
                if (rate == null) {
                    rate = creditsPerHour(q.warehouseSize(), generations.kind(hour.subject().warehouse(),
                            q.warehouseType(), hour.start()));
                }
            }
            BigDecimal c = hour.credits();
            BigDecimal u;
            if (w.isEmpty()) {
                u = BigDecimal.ZERO;
            } else if (attributionDay) {
                u = sum(w.values()).min(c);
            } else if (rate == null) {
                u = c; // size unknown: no idle can be told apart
            } else {
                u = rate.multiply(BigDecimal.valueOf(busyMs(intervals))).divide(BigDecimal.valueOf(HOUR_MS),
                        hour.creditScale(), RoundingMode.HALF_UP).min(c);
            }
            u = u.setScale(hour.creditScale(), RoundingMode.DOWN);
            weights.put(hour, w);
            used.put(hour, u);
            methods.put(hour, attributionDay ? Method.ATTRIBUTION : Method.ACTIVE_TIME);
            w.forEach((q, x) -> dayWeights.merge(q, x, BigDecimal::add));
        }
        for (Charge hour : hours) {
            Map<QueryUsage, BigDecimal> w = weights.get(hour);
            BigDecimal u = used.get(hour);
            BigDecimal idle = hour.credits().subtract(u);
            List<Part> parts = new ArrayList<>();
            if (u.signum() != 0) {
                split(u, w, hour.creditScale(), Category.COMPUTE, methods.get(hour), parts);
            }
            if (idle.signum() != 0) {
                IdlePolicy policy = idlePolicy.apply(hour.subject().warehouse());
                if (policy == IdlePolicy.HOUR && !w.isEmpty() && sum(w.values()).signum() > 0) {
                    split(idle, w, hour.creditScale(), Category.IDLE, Method.IDLE_HOUR, parts);
                } else if (policy != IdlePolicy.OWNER && !dayWeights.isEmpty() && sum(dayWeights.values()).signum() > 0) {
                    split(idle, dayWeights, hour.creditScale(), Category.IDLE, Method.IDLE_DAY, parts);
                } else {
                    parts.add(new Part(null, owner(hour), Category.IDLE, Method.IDLE_OWNER, idle));
                }
            }
            if (parts.isEmpty()) {
                parts.add(new Part(null, owner(hour), Category.IDLE, Method.IDLE_OWNER, BigDecimal.ZERO));
            }
            emit(hour, parts, out);
        }
        return out;
    }

    /** A warehouse-hour's cloud services by the cloud-services credits of the queries that started in it. */
    public List<Allocation> cloudServices(Charge hour, List<QueryUsage> startedInHour) {
        return byWeight(hour, startedInHour, q -> q.cloudServicesCredits(), Category.CLOUD_SERVICES,
                Method.CLOUD_SERVICES_CREDITS);
    }

    /** The day's cloud-services adjustment (negative) by the cloud-services credits of the day's queries. */
    public List<Allocation> adjustment(Charge day, List<QueryUsage> dayQueries) {
        return byWeight(day, dayQueries, q -> q.cloudServicesCredits(), Category.CLOUD_SERVICES,
                Method.CLOUD_SERVICES_CREDITS);
    }

    /** A warehouse-hour's query acceleration by the bytes the service scanned for each query. */
    public List<Allocation> acceleration(Charge hour, List<QueryUsage> queries) {
        return byWeight(hour, queries, q -> BigDecimal.valueOf(q.accelerationBytes()), Category.QUERY_ACCELERATION,
                Method.ACCELERATION_BYTES);
    }

    private List<Allocation> byWeight(Charge charge, List<QueryUsage> queries, Function<QueryUsage, BigDecimal> weight,
            Category category, Method method) {
        Map<QueryUsage, BigDecimal> w = new java.util.LinkedHashMap<>();
        for (QueryUsage q : queries) {
            BigDecimal x = weight.apply(q);
            if (x != null && x.signum() > 0) {
                w.put(q, x);
            }
        }
        List<Part> parts = new ArrayList<>();
        BigDecimal credits = charge.credits() == null ? charge.amount() : charge.credits();
        if (w.isEmpty()) {
            parts.add(new Part(null, owner(charge), category, Method.OWNER, credits));
        } else {
            split(credits, w, charge.creditScale(), category, method, parts);
        }
        List<Allocation> out = new ArrayList<>();
        emit(charge, parts, out);
        return out;
    }

    private static void split(BigDecimal credits, Map<QueryUsage, BigDecimal> weights, int scale, Category category,
            Method method, List<Part> parts) {
        List<QueryUsage> queries = new ArrayList<>(weights.keySet());
        queries.sort(Comparator.comparing(QueryUsage::queryId));
        BigDecimal[] shares = Shares.split(credits, queries.stream().map(weights::get).toList(), scale);
        for (int i = 0; i < shares.length; i++) {
            parts.add(new Part(queries.get(i), queries.get(i).subject(), category, method, shares[i]));
        }
    }

    /** Money for each part in proportion to its credits, then the rules' assignment of each part. */
    private void emit(Charge charge, List<Part> parts, List<Allocation> out) {
        BigDecimal[] money = Shares.split(charge.amount(), parts.stream().map(p -> p.credits().abs()).toList(),
                charge.amountScale());
        LocalDate day = charge.day();
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            Optional<Rule.Assignment> a = p.subject() == null ? Optional.empty() : rules.assign(p.subject(), day);
            out.add(new Allocation(charge.id(), a.map(Rule.Assignment::team).orElse(null),
                    a.map(Rule.Assignment::workload).orElse(null), a.map(Rule.Assignment::costCenter).orElse(null),
                    p.category(), p.method(), a.map(Rule.Assignment::ruleId).orElse(null),
                    a.map(Rule.Assignment::ruleVersion).orElse(null), p.query() == null ? null : p.query().queryId(),
                    p.query() == null ? null : p.query().start(), p.credits(), money[i]));
        }
    }

    /** Who owns the charge's warehouse (the subject rules see for it). */
    private static Subject owner(Charge charge) {
        Subject s = charge.subject();
        return Subject.warehouse(s.source(), s.account(), s.warehouse());
    }

    /** Busy milliseconds: the union of execution intervals per cluster, summed over clusters. */
    static long busyMs(List<long[]> intervals) {
        intervals.sort(Comparator.<long[]>comparingLong(i -> i[0]).thenComparingLong(i -> i[1]));
        long busy = 0;
        long cluster = Long.MIN_VALUE;
        long start = 0;
        long end = Long.MIN_VALUE;
        for (long[] i : intervals) {
            if (i[0] != cluster || i[1] > end) {
                if (end > start) {
                    busy += end - start;
                }
                cluster = i[0];
                start = i[1];
                end = i[2];
            } else {
                end = Math.max(end, i[2]);
            }
        }
        if (end > start) {
            busy += end - start;
        }
        return busy;
    }

    private static BigDecimal sum(java.util.Collection<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /**
     * Credits per hour per cluster of a warehouse size (SHOW WAREHOUSES or QUERY_HISTORY spelling) and kind, or null if
     * the size is unknown. A size the kind does not have (a Gen2 5XL: the settings and the query disagree) is priced
     * as Gen1 rather than failing the month.
     */
    static BigDecimal creditsPerHour(String size, WarehouseKind kind) {
        if (size == null) {
            return null;
        }
        WarehouseSize parsed;
        try {
            parsed = WarehouseSize.parse(size);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
        try {
            return kind.creditsPerHour(parsed, WarehouseKind.Cloud.AWS);
        } catch (IllegalArgumentException notOfThisKind) {
            return WarehouseKind.STANDARD_GEN1.creditsPerHour(parsed, WarehouseKind.Cloud.AWS);
        }
    }
}
