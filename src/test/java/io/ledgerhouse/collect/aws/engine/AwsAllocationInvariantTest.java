package io.ledgerhouse.collect.aws.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerhouse.allocate.engine.Allocation;
import io.ledgerhouse.allocate.engine.Charge;
import io.ledgerhouse.allocate.engine.ChargeAllocator;
import io.ledgerhouse.allocate.engine.Match;
import io.ledgerhouse.allocate.engine.Rule;
import io.ledgerhouse.allocate.engine.RuleBook;
import io.ledgerhouse.allocate.engine.SharedCostPolicy;
import io.ledgerhouse.allocate.engine.Subject;
import io.ledgerhouse.domain.ChargeRow;
import io.ledgerhouse.domain.FocusColumn;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * AWS charges made by {@link CostExplorerCharges} go through the allocation engine like any FOCUS row: tag rules
 * assign them, untagged shared services are split by a shared-cost policy, the rest is unallocated, and every
 * charge's allocations sum to it exactly.
 *
 * <pre>
 * rules:   tag team = x -> x                       (an empty team value is no tag: it does not match)
 * shared:  service "AWS Support*" -> EVEN over data-eng, marketing, ml
 *          service "Tax" -> PROPORTIONAL to each team's direct cost
 * charges: 30 days × 5 services × team values (data-eng, marketing, untagged), amounts with 4 decimals, credits
 * </pre>
 */
class AwsAllocationInvariantTest {

    @Test
    void everyAwsChargeIsAllocatedExactlyThroughRulesAndSharedPolicies() throws Exception {
        Random random = new Random(9);
        List<CostGroup> groups = new ArrayList<>();
        String[] services = {"Amazon Redshift", "Amazon Simple Storage Service", "Amazon Elastic Compute Cloud",
            "AWS Support (Business)", "Tax"};
        String[] teams = {"data-eng", "marketing", ""};
        for (int d = 0; d < 30; d++) {
            for (String s : services) {
                for (String t : teams) {
                    if ((s.startsWith("AWS Support") || s.equals("Tax")) && !t.isEmpty()) {
                        continue;
                    }
                    BigDecimal amount = BigDecimal.valueOf(random.nextInt(2_000_000) - 100_000, 4);
                    groups.add(new CostGroup(LocalDate.of(2026, 11, 1).plusDays(d), s, "team", t,
                            Map.of("UnblendedCost", amount, "AmortizedCost", amount), "USD", false));
                }
            }
        }
        LinkedHashMap<String, List<CostGroup>> series = new LinkedHashMap<>();
        series.put("team", groups);
        List<ChargeRow> rows = CostExplorerCharges.derive("123456789012", series,
                CostExplorerCharges.Metrics.of(List.of("UnblendedCost", "AmortizedCost"))).charges();

        RuleBook rules = new RuleBook(List.of(new Rule(1, 1, 10, LocalDate.of(2026, 1, 1), null,
                new Match.Builder().provider("AWS").tagKey("team").build(), "{tag.team}", null, null)));
        SharedCostPolicy support = new SharedCostPolicy(1, "support", 1, new Match.Builder().service("AWS Support*")
                .build(), SharedCostPolicy.Kind.EVEN, List.of("data-eng", "marketing", "ml"), null);
        SharedCostPolicy tax = new SharedCostPolicy(2, "tax", 2, new Match.Builder().service("Tax").build(),
                SharedCostPolicy.Kind.PROPORTIONAL, List.of(), null);
        ChargeAllocator allocator = new ChargeAllocator(rules, List.of(support, tax));

        ObjectMapper json = new ObjectMapper();
        List<Charge> charges = new ArrayList<>();
        long id = 0;
        for (ChargeRow r : rows) {
            Map<String, String> tags = r.tagsNormalized() == null ? Map.of()
                    : json.readValue(r.tagsNormalized(), new TypeReference<Map<String, String>>() {
                    });
            String service = r.value(FocusColumn.SERVICE_NAME);
            charges.add(new Charge(++id, null, r.chargePeriodStart(), Instant.parse(r.value(
                    FocusColumn.CHARGE_PERIOD_END)), null, r.billedCost(), r.billingCurrency(), null,
                    new Subject("AWS", "aws-payer", r.billingAccountId(), null, null, null, null, null, service, null,
                            null, tags)));
        }
        // as AllocationService does: charges a policy takes are shared, after every direct cost is known
        Map<String, BigDecimal> direct = new HashMap<>();
        Map<Long, List<Allocation>> out = new LinkedHashMap<>();
        List<Charge> shared = new ArrayList<>();
        for (Charge c : charges) {
            if (allocator.sharedPolicy(c).isPresent()) {
                shared.add(c);
                continue;
            }
            List<Allocation> a = allocator.direct(c, Allocation.Category.OTHER);
            a.stream().filter(x -> x.team() != null).forEach(x -> direct.merge(x.team(), x.amount(), BigDecimal::add));
            out.put(c.id(), a);
        }
        for (Charge c : shared) {
            out.put(c.id(), allocator.shared(c, allocator.sharedPolicy(c).orElseThrow(), direct));
        }

        assertThat(out).hasSize(charges.size());
        for (Charge c : charges) {
            assertThat(out.get(c.id()).stream().map(Allocation::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .as("allocations of charge %s (%s)", c.id(), c.subject().service()).isEqualByComparingTo(c.amount());
        }
        // untagged Redshift, S3 and EC2 stay unallocated (an empty team is no tag); Support and Tax reach teams
        assertThat(out.values().stream().flatMap(List::stream).filter(a -> a.team() == null)).isNotEmpty();
        assertThat(shared).extracting(c -> c.subject().service()).containsOnly("AWS Support (Business)", "Tax");
        assertThat(shared.stream().flatMap(c -> out.get(c.id()).stream()).map(Allocation::team)).doesNotContainNull()
                .contains("ml");
    }
}
