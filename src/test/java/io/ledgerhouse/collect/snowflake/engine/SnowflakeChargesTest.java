package io.ledgerhouse.collect.snowflake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.domain.ChargeRow;
import io.ledgerhouse.domain.FocusColumn;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Charges from metering, on one UTC day (2026-03-02):
 *
 * <pre>
 * hour   warehouse  compute  cloud services
 * 09:00  ETL_WH     8        1.5
 * 10:00  ETL_WH     8        0
 * 10:00  BI_WH      1        0.2
 * day: compute 17, cloud services 1.7, adjustment -1.7 (CS ≤ 10% of compute), billed 17
 * price 2.50 USD per credit
 * </pre>
 */
class SnowflakeChargesTest {

    private static final Instant H9 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant H10 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant H11 = Instant.parse("2026-03-02T11:00:00Z");

    private static final List<WarehouseHourMetering> HOURS = List.of(
            hour(1, "ETL_WH", H9, H10, "8", "1.5"),
            hour(1, "ETL_WH", H10, H11, "8", "0"),
            hour(2, "BI_WH", H10, H11, "1", "0.2"));
    private static final List<DailyMetering> DAYS = List.of(new DailyMetering(LocalDate.parse("2026-03-02"),
            "WAREHOUSE_METERING", new BigDecimal("17"), new BigDecimal("1.7"), new BigDecimal("18.7"),
            new BigDecimal("-1.7"), new BigDecimal("17")));

    @Test
    void aDaysChargesSumToItsBilledCreditsAndMoney() {
        List<ChargeRow> charges = SnowflakeCharges.derive("acme-prod", HOURS, DAYS, java.util.Map.of(), price("2.50"));
        // 3 compute + 2 non-zero cloud-services charges + 1 daily adjustment
        assertThat(charges).hasSize(6);
        BigDecimal credits = charges.stream().map(c -> new BigDecimal(c.value(FocusColumn.PRICING_QUANTITY)))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal money = charges.stream().map(ChargeRow::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(credits).isEqualByComparingTo(DAYS.get(0).creditsBilled());
        assertThat(money).isEqualByComparingTo("42.50");
    }

    @Test
    void theRateSheetPriceOfTheDayWinsOverTheConfiguredOne() {
        List<ChargeRow> charges = SnowflakeCharges.derive("acme-prod", HOURS, DAYS,
                java.util.Map.of(LocalDate.parse("2026-03-02"), new CreditPrice(new BigDecimal("2.00"), "EUR")),
                new CreditPrice(new BigDecimal("2.50"), "USD"));
        assertThat(charges.stream().map(ChargeRow::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("34.00");
        assertThat(charges).allSatisfy(c -> assertThat(c.billingCurrency()).isEqualTo("EUR"));
    }

    @Test
    void chargesCarryTheFocusColumnsThatGroupThem() {
        ChargeRow compute = SnowflakeCharges.derive("acme-prod", HOURS.subList(0, 1), List.of(), java.util.Map.of(),
                price("2.50")).get(0);
        assertThat(compute.value(FocusColumn.PROVIDER_NAME)).isEqualTo("Snowflake");
        assertThat(compute.value(FocusColumn.SERVICE_NAME)).isEqualTo("Snowflake Warehouse Compute");
        assertThat(compute.value(FocusColumn.RESOURCE_NAME)).isEqualTo("ETL_WH");
        assertThat(compute.value(FocusColumn.PRICING_UNIT)).isEqualTo("Credits");
        assertThat(compute.value(FocusColumn.PRICING_CURRENCY)).isEqualTo("Credits");
        assertThat(compute.value(FocusColumn.CHARGE_PERIOD_START)).isEqualTo("2026-03-02T09:00:00Z");
        assertThat(compute.value(FocusColumn.BILLING_PERIOD_START)).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(compute.billedCost()).isEqualByComparingTo("20.00");
        ChargeRow adjustment = SnowflakeCharges.derive("acme-prod", List.of(), DAYS, java.util.Map.of(), price("1")).get(0);
        assertThat(adjustment.value(FocusColumn.CHARGE_CATEGORY)).isEqualTo("Credit");
        assertThat(adjustment.billedCost()).isEqualByComparingTo("-1.7");
    }

    @Test
    void serverlessCreditsAreChargedPerEntityAndWarehouseMeteringIsNotCountedTwice() {
        List<ChargeRow> charges = SnowflakeCharges.serverless("acme-prod", List.of(
                new ServiceMetering("AUTO_CLUSTERING", 42, "TABLE", "ORDERS", H9, H10, new BigDecimal("0.4")),
                new ServiceMetering("WAREHOUSE_METERING", 1, "WAREHOUSE", "ETL_WH", H9, H10, new BigDecimal("9.5"))),
                java.util.Map.of(), new CreditPrice(new BigDecimal("2.50"), "USD"));
        assertThat(charges).singleElement().satisfies(c -> {
            assertThat(c.billedCost()).isEqualByComparingTo("1.00");
            assertThat(c.value(FocusColumn.SERVICE_NAME)).isEqualTo("Snowflake AUTO_CLUSTERING");
            assertThat(c.value(FocusColumn.RESOURCE_NAME)).isEqualTo("ORDERS");
        });
    }

    @Test
    void aTebibyteStoredForOneDayCostsTheMonthlyPriceOverTheDaysOfThatMonth() {
        // 1 TiB of table data + 0 fail-safe on 2026-03-02 (March has 31 days), 23.00 per TB-month
        List<ChargeRow> charges = SnowflakeCharges.storage("acme-prod", List.of(new DatabaseStorageDay(
                LocalDate.parse("2026-03-02"), 9, "ANALYTICS", new BigDecimal("1099511627776"), BigDecimal.ZERO)),
                new BigDecimal("23.00"), "USD");
        ChargeRow c = charges.get(0);
        assertThat(c.billedCost()).isCloseTo(new BigDecimal("0.741935483870967741935483870967742"),
                org.assertj.core.api.Assertions.within(new BigDecimal("1E-30")));
        assertThat(c.value(FocusColumn.PRICING_UNIT)).isEqualTo("TB-Months");
        assertThat(c.value(FocusColumn.SERVICE_CATEGORY)).isEqualTo("Storage");
        assertThat(c.value(FocusColumn.CHARGE_PERIOD_START)).isEqualTo("2026-03-02T00:00:00Z");
    }

    private static CreditPrice price(String usd) {
        return new CreditPrice(new BigDecimal(usd), "USD");
    }

    private static WarehouseHourMetering hour(long id, String name, Instant start, Instant end, String compute,
            String cloud) {
        BigDecimal c = new BigDecimal(compute);
        BigDecimal cs = new BigDecimal(cloud);
        return new WarehouseHourMetering(id, name, start, end, c.add(cs), c, cs, null);
    }
}
