package io.ledgerhouse.collect.aws.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerhouse.domain.ChargeRow;
import io.ledgerhouse.domain.FocusColumn;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cost Explorer groups to charges, request planning and the throttling backoff.
 *
 * <pre>
 * one day, two series of the same 20.00 USD
 * SERVICE × team:  Redshift team$data-eng 12.00 | Redshift team$ 3.00 | S3 team$data-eng 5.00
 * SERVICE × env:   Redshift env$prod 15.00      | S3 env$prod 2.00 | S3 env$dev 3.00
 * charges: the first series (20.00); env=prod on both Redshift charges (all of Redshift is prod), no env on S3
 * </pre>
 */
class CostExplorerChargesTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 7);

    static CostGroup g(String service, String key, String groupKey, String unblended, String amortized) {
        return new CostGroup(DAY, service, key, CostGroup.tagValue(groupKey), Map.of("UnblendedCost",
                new BigDecimal(unblended), "AmortizedCost", new BigDecimal(amortized), "NetAmortizedCost",
                new BigDecimal(amortized)), "USD", false);
    }

    @Test
    void twoTagKeysNeverCountTheCostTwiceAndTheSecondIsNamedOnlyWhereCertain() {
        LinkedHashMap<String, List<CostGroup>> series = new LinkedHashMap<>();
        series.put("team", List.of(g("Amazon Redshift", "team", "team$data-eng", "12.00", "11.50"),
                g("Amazon Redshift", "team", "team$", "3.00", "3.00"),
                g("Amazon S3", "team", "team$data-eng", "5.00", "5.00")));
        series.put("env", List.of(g("Amazon Redshift", "env", "env$prod", "15.00", "14.50"),
                g("Amazon S3", "env", "env$prod", "2.00", "2.00"), g("Amazon S3", "env", "env$dev", "3.00", "3.00")));
        CostExplorerCharges.Result r = CostExplorerCharges.derive("123456789012", series,
                CostExplorerCharges.Metrics.of(List.of("UnblendedCost", "AmortizedCost", "NetAmortizedCost")));

        assertThat(r.charges()).hasSize(3);
        assertThat(r.charges().stream().map(ChargeRow::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("20.00");
        assertThat(r.dailyTotals()).containsEntry(DAY, Map.of("USD", new BigDecimal("20.00")));
        assertThat(r.charges()).extracting(c -> c.value(FocusColumn.TAGS)).containsExactly(
                "{\"team\":\"data-eng\",\"env\":\"prod\"}", "{\"team\":\"\",\"env\":\"prod\"}",
                "{\"team\":\"data-eng\"}");
        assertThat(r.secondaryTagsAttached()).containsEntry("env", 2L);
        ChargeRow first = r.charges().get(0);
        assertThat(first.effectiveCost()).isEqualByComparingTo("11.50");
        assertThat(first.value(FocusColumn.CHARGE_PERIOD_START)).isEqualTo("2026-11-07T00:00:00Z");
        assertThat(first.value(FocusColumn.BILLING_PERIOD_START)).isEqualTo("2026-11-01T00:00:00Z");
        assertThat(first.value(FocusColumn.BILLING_PERIOD_END)).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(first.value(FocusColumn.SERVICE_CATEGORY)).isEqualTo("Databases");
        assertThat(first.value(FocusColumn.PROVIDER_NAME)).isEqualTo("AWS");
        assertThat(first.extra()).isEqualTo("{\"x_NetAmortizedCost\":11.50}");
        assertThat(r.charges().get(1).tagsNormalized()).isEqualTo("{\"team\":\"\",\"env\":\"prod\"}");
    }

    @Test
    void aSecondKeyWhoseTotalDisagreesIsNotNamedAndNoTagKeyMeansServiceAlone() {
        LinkedHashMap<String, List<CostGroup>> series = new LinkedHashMap<>();
        series.put("team", List.of(g("Amazon Redshift", "team", "team$data-eng", "12.00", "12.00")));
        // Cost Explorer revised the day between the two requests: the env answer is not about the same cost
        series.put("env", List.of(g("Amazon Redshift", "env", "env$prod", "12.50", "12.50")));
        assertThat(CostExplorerCharges.derive("1", series, CostExplorerCharges.Metrics.of(List.of("UnblendedCost")))
                .charges()).singleElement().satisfies(c -> {
                    assertThat(c.value(FocusColumn.TAGS)).isEqualTo("{\"team\":\"data-eng\"}");
                    assertThat(c.effectiveCost()).isEqualByComparingTo("12.00"); // no amortized metric: billed
                });

        LinkedHashMap<String, List<CostGroup>> serviceOnly = new LinkedHashMap<>();
        serviceOnly.put(null, List.of(new CostGroup(DAY, "Tax", null, null, Map.of("UnblendedCost",
                new BigDecimal("1.11")), "USD", true), new CostGroup(DAY, "Amazon EC2", null, null,
                        Map.of("UnblendedCost", new BigDecimal("-4.00")), "USD", true), new CostGroup(DAY,
                                "Amazon S3", null, null, Map.of("UnblendedCost", BigDecimal.ZERO), "USD", true)));
        List<ChargeRow> charges = CostExplorerCharges.derive("1", serviceOnly,
                CostExplorerCharges.Metrics.of(List.of("UnblendedCost"))).charges();
        assertThat(charges).hasSize(2); // a group without cost is no charge
        assertThat(charges).extracting(c -> c.value(FocusColumn.CHARGE_CATEGORY)).containsExactly("Tax", "Credit");
        assertThat(charges).allSatisfy(c -> {
            assertThat(c.value(FocusColumn.TAGS)).isNull();
            assertThat(c.extra()).isEqualTo("{\"x_Estimated\":true}");
        });
    }

    @Test
    void requestsAreOneSeriesPerTagKeyOverTheRestatedMonths() {
        assertThat(CostRequestPlan.groupings(List.of("team", "env"))).extracting(CostRequestPlan.Grouping::tagKey)
                .containsExactly("team", "env");
        assertThat(CostRequestPlan.groupings(List.of())).extracting(CostRequestPlan.Grouping::tagKey)
                .containsExactly((String) null);
        CostRequestPlan.Period p = CostRequestPlan.period(LocalDate.of(2026, 1, 1), 2);
        assertThat(p.start()).isEqualTo(LocalDate.of(2025, 12, 1));
        assertThat(p.end()).isEqualTo(LocalDate.of(2026, 1, 2));
        assertThat(p.months()).containsExactly(YearMonth.of(2025, 12), YearMonth.of(2026, 1));
        assertThatThrownBy(() -> CostRequestPlan.period(LocalDate.of(2026, 1, 1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CostGroup.tagValue("team$data-eng")).isEqualTo("data-eng");
        assertThat(CostGroup.tagValue("team$")).isEmpty();
        assertThat(CostGroup.tagValue("team$a$b")).isEqualTo("a$b");
    }

    @Test
    void theBackoffDoublesUpToItsBoundAndThenGivesUp() {
        ThrottleBackoff b = new ThrottleBackoff(Duration.ofSeconds(2), Duration.ofSeconds(10), 5);
        assertThat(List.of(1, 2, 3, 4, 5)).map(i -> b.before(i).orElseThrow()).containsExactly(Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(b.before(6)).isEmpty();
        assertThat(new ThrottleBackoff(Duration.ZERO, Duration.ZERO, 0).before(1)).isEmpty();
    }
}
