package io.ledgerhouse.allocate.engine;

import io.ledgerhouse.allocate.engine.Allocation.Category;
import io.ledgerhouse.allocate.engine.Allocation.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Allocates a BigQuery project's charges to its jobs and, through the rules, to teams (DOMAIN.md, "Allocation" 3):
 *
 * <ol>
 *   <li>On-demand, per job-day charge: each job carries its own price, bytes billed x the price per TiB, so the
 *       charge is split over its jobs by bytes billed (script parents, cache hits and failed jobs are not in it).</li>
 *   <li>Reservations, per reservation-hour with billed capacity C slot-ms (baseline plus autoscaled slots, whether used
 *       or not) and jobs that used u_j slot-ms in the hour: used = min(C, sum u_j), idle = C - used. The charge is
 *       split with weights u_j (scaled to C when the jobs used more than was billed, as BigQuery lends idle slots)
 *       and C - used for the idle line, which goes to the reservation's owner (a rule on {@code warehouse} = the
 *       reservation name). An hour without jobs is idle as a whole.</li>
 *   <li>Committed slots no reservation held (a pool's unused commitment hour) are idle as a whole, on the owner's
 *       line.</li>
 *   <li>Money is split by largest remainder at the charge's decimals (at least cents): the shares sum to the charge
 *       exactly.</li>
 * </ol>
 */
public final class BigQueryAllocator {

    private final RuleBook rules;

    public BigQueryAllocator(RuleBook rules) {
        this.rules = rules;
    }

    /** An on-demand job-day: the shares, by bytes billed, sum exactly to the charge. */
    public List<Allocation> onDemand(Charge charge, List<BigQueryJobUsage> jobs) {
        List<BigQueryJobUsage> weighted = sorted(jobs);
        List<Allocation> out = new ArrayList<>();
        if (weighted.isEmpty()) {
            out.add(whole(charge, charge.subject(), Category.COMPUTE, Method.OWNER));
            return out;
        }
        BigDecimal[] money = Shares.split(charge.amount(), weighted.stream().map(j -> BigDecimal.valueOf(j.weight()))
                .toList(), charge.amountScale());
        for (int i = 0; i < money.length; i++) {
            out.add(share(charge, weighted.get(i), Category.COMPUTE, Method.BYTES_BILLED, money[i]));
        }
        return out;
    }

    /**
     * A reservation-hour of {@code capacitySlotMs} billed slot-milliseconds: the jobs' shares by slot-ms and the idle
     * line (on {@code owner}, the reservation) sum exactly to the charge.
     */
    public List<Allocation> reservationHour(Charge charge, long capacitySlotMs, List<BigQueryJobUsage> jobs,
            Subject owner) {
        List<BigQueryJobUsage> weighted = sorted(jobs);
        long used = weighted.stream().mapToLong(BigQueryJobUsage::weight).sum();
        long idle = Math.max(0, capacitySlotMs - used);
        List<BigDecimal> weights = new ArrayList<>();
        weighted.forEach(j -> weights.add(BigDecimal.valueOf(j.weight())));
        weights.add(BigDecimal.valueOf(idle));
        List<Allocation> out = new ArrayList<>();
        if (used == 0) {
            out.add(whole(charge, owner, Category.IDLE, Method.IDLE_OWNER));
            return out;
        }
        BigDecimal[] money = Shares.split(charge.amount(), weights, charge.amountScale());
        for (int i = 0; i < weighted.size(); i++) {
            out.add(share(charge, weighted.get(i), Category.COMPUTE, Method.SLOT_MS, money[i]));
        }
        if (idle > 0) {
            Optional<Rule.Assignment> a = rules.assign(owner, charge.day());
            out.add(new Allocation(charge.id(), a.map(Rule.Assignment::team).orElse(null),
                    a.map(Rule.Assignment::workload).orElse(null), a.map(Rule.Assignment::costCenter).orElse(null),
                    Category.IDLE, Method.IDLE_OWNER, a.map(Rule.Assignment::ruleId).orElse(null),
                    a.map(Rule.Assignment::ruleVersion).orElse(null), null, null, null, money[weighted.size()]));
        }
        return out;
    }

    /**
     * A pool-hour of committed slots no reservation held: billed whatever the use, no job ran on them, so the whole
     * charge is idle on {@code owner} (a rule on the admin project or on {@code warehouse} = "EDITION commitments").
     */
    public List<Allocation> unusedCommitment(Charge charge, Subject owner) {
        return List.of(whole(charge, owner, Category.IDLE, Method.IDLE_OWNER));
    }

    private static List<BigQueryJobUsage> sorted(List<BigQueryJobUsage> jobs) {
        List<BigQueryJobUsage> out = new ArrayList<>(jobs.stream().filter(j -> j.weight() > 0).toList());
        out.sort(Comparator.comparing(BigQueryJobUsage::jobId));
        return out;
    }

    private Allocation share(Charge charge, BigQueryJobUsage job, Category category, Method method, BigDecimal amount) {
        Optional<Rule.Assignment> a = rules.assign(job.subject(), charge.day());
        return new Allocation(charge.id(), a.map(Rule.Assignment::team).orElse(null),
                a.map(Rule.Assignment::workload).orElse(null), a.map(Rule.Assignment::costCenter).orElse(null),
                category, method, a.map(Rule.Assignment::ruleId).orElse(null),
                a.map(Rule.Assignment::ruleVersion).orElse(null), job.jobId(), job.creationTime(), null, amount);
    }

    private Allocation whole(Charge charge, Subject subject, Category category, Method method) {
        Optional<Rule.Assignment> a = rules.assign(subject, charge.day());
        return new Allocation(charge.id(), a.map(Rule.Assignment::team).orElse(null),
                a.map(Rule.Assignment::workload).orElse(null), a.map(Rule.Assignment::costCenter).orElse(null),
                category, method, a.map(Rule.Assignment::ruleId).orElse(null),
                a.map(Rule.Assignment::ruleVersion).orElse(null), null, null, null, charge.amount());
    }
}
