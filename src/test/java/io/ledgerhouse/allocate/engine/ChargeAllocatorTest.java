package io.ledgerhouse.allocate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.allocate.engine.Allocation.Category;
import io.ledgerhouse.allocate.engine.Allocation.Method;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Whole charges (FOCUS rows, storage, serverless): rules, unallocated, shared-cost policies and credits.
 *
 * <pre>
 * rules: AWS tag team=&lt;x&gt; -> x; Snowflake database ANALYTICS -> data-platform (ownership)
 * direct cost this month: finance 300.00, growth 100.00
 * </pre>
 */
class ChargeAllocatorTest {

    static final Instant OCT = Instant.parse("2026-10-05T00:00:00Z");
    static final RuleBook RULES = new RuleBook(List.of(
            new Rule(1, 1, 10, LocalDate.of(2026, 1, 1), null, new Match.Builder().tagKey("team").build(),
                    "{tag.team}", null, null),
            new Rule(2, 1, 20, LocalDate.of(2026, 1, 1), null, new Match.Builder().database("ANALYTICS").build(),
                    "data-platform", "storage", null)));
    static final Map<String, BigDecimal> DIRECT = Map.of("finance", new BigDecimal("300.00"), "growth",
            new BigDecimal("100.00"));

    static Charge focus(long id, String amount, Map<String, String> tags, String service) {
        return new Charge(id, "sku", OCT, OCT.plusSeconds(86_400), null, new BigDecimal(amount), "USD", "r-" + id,
                new Subject("AWS", "aws", "123456789012", null, null, null, null, null, service, "r-" + id, null,
                        tags));
    }

    @Test
    void aTaggedChargeGoesToItsTeamAndAnUntaggedOneIsUnallocated() {
        ChargeAllocator allocator = new ChargeAllocator(RULES, List.of());
        assertThat(allocator.direct(focus(1, "12.34", Map.of("team", "finance"), "Amazon S3"), Category.OTHER))
                .singleElement().satisfies(a -> {
                    assertThat(a.team()).isEqualTo("finance");
                    assertThat(a.method()).isEqualTo(Method.RULE);
                    assertThat(a.amount()).isEqualByComparingTo("12.34");
                });
        // an empty tag value is untagged
        assertThat(allocator.direct(focus(2, "5.00", Map.of("team", ""), "Amazon S3"), Category.OTHER))
                .singleElement().satisfies(a -> {
                    assertThat(a.team()).isNull();
                    assertThat(a.method()).isEqualTo(Method.UNMATCHED);
                });
    }

    /**
     * A credit (negative charge) is allocated like a charge: -12.34 USD tagged team=finance -> finance -12.34.
     */
    @Test
    void aNegativeChargeIsAllocatedAsACredit() {
        assertThat(new ChargeAllocator(RULES, List.of()).direct(focus(3, "-12.34", Map.of("team", "finance"),
                "Amazon EC2"), Category.OTHER)).singleElement().satisfies(a -> {
                    assertThat(a.team()).isEqualTo("finance");
                    assertThat(a.amount()).isEqualByComparingTo("-12.34");
                });
        SharedCostPolicy even = new SharedCostPolicy(9, "support", 1, new Match.Builder().service("AWS Support")
                .build(), SharedCostPolicy.Kind.EVEN, List.of("finance", "growth", "ml"), null);
        List<Allocation> out = new ChargeAllocator(RULES, List.of(even)).shared(focus(4, "-10.00", Map.of(),
                "AWS Support"), even, DIRECT);
        assertThat(out).extracting(Allocation::amount).map(BigDecimal::toPlainString)
                .containsExactly("-3.34", "-3.33", "-3.33");
    }

    /**
     * Storage by ownership: database ANALYTICS -> data-platform.
     */
    @Test
    void storageFollowsDatabaseOwnership() {
        Charge storage = new Charge(5, "STORAGE", OCT, OCT.plusSeconds(86_400), new BigDecimal("0.5"),
                new BigDecimal("11.50"), "USD", "12", new Subject("Snowflake", "sf", "ACME", null, "ANALYTICS", null,
                        null, null, "Snowflake Storage", "12", null, null));
        assertThat(new ChargeAllocator(RULES, List.of()).direct(storage, Category.STORAGE)).singleElement()
                .satisfies(a -> {
                    assertThat(a.team()).isEqualTo("data-platform");
                    assertThat(a.workload()).isEqualTo("storage");
                });
    }

    /**
     * A shared charge of 100.00 USD (service AWS Support) split each way:
     *
     * <pre>
     * even over finance, growth, ml    -> 33.34 / 33.33 / 33.33
     * proportional to direct 300 : 100 -> finance 75.00, growth 25.00
     * fixed weights 1 : 2 : 1          -> finance 25.00, growth 50.00, ml 25.00
     * </pre>
     */
    @Test
    void aSharedChargeIsSplitEvenlyProportionallyOrByFixedWeights() {
        Match support = new Match.Builder().service("AWS Support").build();
        Charge charge = focus(6, "100.00", Map.of(), "AWS Support");
        SharedCostPolicy even = new SharedCostPolicy(1, "even", 1, support, SharedCostPolicy.Kind.EVEN,
                List.of("finance", "growth", "ml"), null);
        SharedCostPolicy proportional = new SharedCostPolicy(2, "prop", 1, support,
                SharedCostPolicy.Kind.PROPORTIONAL, List.of(), null);
        SharedCostPolicy fixed = new SharedCostPolicy(3, "fixed", 1, support, SharedCostPolicy.Kind.FIXED, List.of(),
                Map.of("finance", BigDecimal.ONE, "growth", new BigDecimal("2"), "ml", BigDecimal.ONE));
        ChargeAllocator allocator = new ChargeAllocator(RULES, List.of(even));
        assertThat(allocator.sharedPolicy(charge)).contains(even);
        assertThat(allocator.sharedPolicy(focus(7, "1.00", Map.of(), "Amazon S3"))).isEmpty();
        assertThat(split(allocator.shared(charge, even, DIRECT))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "finance", "33.34", "growth", "33.33", "ml", "33.33"));
        assertThat(split(allocator.shared(charge, proportional, DIRECT))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "finance", "75.00", "growth", "25.00"));
        assertThat(split(allocator.shared(charge, fixed, DIRECT))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "finance", "25.00", "growth", "50.00", "ml", "25.00"));
        assertThat(allocator.shared(charge, fixed, DIRECT)).allMatch(a -> a.category() == Category.SHARED
                && a.method() == Method.SHARED_FIXED && a.ruleId() == 3L);
    }

    private static Map<String, String> split(List<Allocation> out) {
        return out.stream().collect(Collectors.toMap(Allocation::team, a -> a.amount().toPlainString()));
    }
}
