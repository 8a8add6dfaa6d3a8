package io.ledgerhouse.collect.snowflake.engine;

import io.ledgerhouse.collect.engine.CollectionWindow;
import io.ledgerhouse.domain.ChargeRow;
import io.ledgerhouse.domain.FocusColumn;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns Snowflake metering into FOCUS-aligned charges, so costs cover Snowflake like any other provider:
 *
 * <ol>
 *   <li>per warehouse-hour, a compute charge (CREDITS_USED_COMPUTE) and a cloud-services charge
 *       (CREDITS_USED_CLOUD_SERVICES, before the daily rule);</li>
 *   <li>per UTC day, the cloud-services adjustment of METERING_DAILY_HISTORY for WAREHOUSE_METERING (negative: only
 *       cloud services above 10% of the day's compute are billed) as a Credit.</li>
 * </ol>
 *
 * Quantities are in credits (PricingUnit and PricingCurrency {@code Credits}); money is credits × the day's price per
 * credit (the organization rate sheet's effective rate for warehouse compute when known, else the configured price),
 * unrounded. A day's charges sum to that day's CREDITS_BILLED for warehouse metering.
 */
public final class SnowflakeCharges {

    public static final String PROVIDER = "Snowflake";
    private static final String CREDITS = "Credits";

    private SnowflakeCharges() {
    }

    /** The account's charges, each priced at its UTC day's rate-sheet price, else at {@code configured}. */
    public static List<ChargeRow> derive(String account, List<WarehouseHourMetering> hours, List<DailyMetering> days,
            java.util.Map<LocalDate, CreditPrice> rateSheet, CreditPrice configured) {
        List<ChargeRow> out = new ArrayList<>(hours.size() * 2 + days.size());
        for (WarehouseHourMetering h : hours) {
            BigDecimal cloud = h.creditsUsedCloudServices() == null ? BigDecimal.ZERO : h.creditsUsedCloudServices();
            BigDecimal compute = h.creditsUsedCompute() != null ? h.creditsUsedCompute() : h.creditsUsed().subtract(cloud);
            CreditPrice price = CreditPrice.forDay(LocalDate.ofInstant(h.startTime(), ZoneOffset.UTC), rateSheet,
                    configured);
            out.add(charge(account, "Usage", "Snowflake Warehouse Compute", "WAREHOUSE_COMPUTE",
                    "Compute credits of warehouse " + h.warehouseName(), h.startTime(), h.endTime(), compute,
                    price.perCredit(), price.currency(), Long.toString(h.warehouseId()), h.warehouseName(),
                    "Warehouse"));
            if (cloud.signum() != 0) {
                out.add(charge(account, "Usage", "Snowflake Cloud Services", "WAREHOUSE_CLOUD_SERVICES",
                        "Cloud services credits of warehouse " + h.warehouseName() + " (before the daily 10% rule)",
                        h.startTime(), h.endTime(), cloud, price.perCredit(), price.currency(),
                        Long.toString(h.warehouseId()), h.warehouseName(), "Warehouse"));
            }
        }
        for (DailyMetering d : days) {
            if (!DailyMetering.WAREHOUSE_METERING.equals(d.serviceType()) || d.creditsAdjustmentCloudServices() == null
                    || d.creditsAdjustmentCloudServices().signum() == 0) {
                continue;
            }
            Instant start = d.usageDate().atStartOfDay(ZoneOffset.UTC).toInstant();
            CreditPrice price = CreditPrice.forDay(d.usageDate(), rateSheet, configured);
            out.add(charge(account, "Credit", "Snowflake Cloud Services", "CLOUD_SERVICES_ADJUSTMENT",
                    "Cloud services adjustment: only cloud services above 10% of the day's warehouse compute are billed",
                    start, d.usageDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    d.creditsAdjustmentCloudServices(), price.perCredit(), price.currency(), null, null, null));
        }
        return out;
    }

    /**
     * Serverless features (METERING_HISTORY rows of every service type but WAREHOUSE_METERING, which the
     * warehouse-hours already cover): one charge per entity and hour, priced like warehouse credits.
     */
    public static List<ChargeRow> serverless(String account, List<ServiceMetering> rows,
            java.util.Map<LocalDate, CreditPrice> rateSheet, CreditPrice configured) {
        List<ChargeRow> out = new ArrayList<>();
        for (ServiceMetering m : rows) {
            if (DailyMetering.WAREHOUSE_METERING.equals(m.serviceType()) || m.creditsUsed() == null
                    || m.creditsUsed().signum() == 0) {
                continue;
            }
            CreditPrice price = CreditPrice.forDay(LocalDate.ofInstant(m.startTime(), ZoneOffset.UTC), rateSheet,
                    configured);
            out.add(charge(account, "Usage", "Snowflake " + m.serviceType(), m.serviceType(),
                    m.serviceType() + " credits" + (m.name() == null ? "" : " of " + m.name()), m.startTime(),
                    m.endTime(), m.creditsUsed(), price.perCredit(), price.currency(),
                    m.entityId() == 0 ? null : Long.toString(m.entityId()), m.name(), m.entityType()));
        }
        return out;
    }

    /** Bytes in the terabyte Snowflake's storage price refers to (2^40, as in its own usage views). */
    public static final BigDecimal BYTES_PER_TB = BigDecimal.valueOf(1024L * 1024 * 1024 * 1024);
    private static final java.math.MathContext PRECISION = java.math.MathContext.DECIMAL128;

    /**
     * Storage: per database and day, (average bytes + fail-safe bytes) in TB × the price per TB-month ÷ the days of
     * that month. Quantities are TB-months to 34 significant digits (the division cannot be exact); the amount is
     * that quantity times the price, exactly.
     */
    public static List<ChargeRow> storage(String account, List<DatabaseStorageDay> days, BigDecimal pricePerTbMonth,
            String currency) {
        List<ChargeRow> out = new ArrayList<>();
        for (DatabaseStorageDay d : days) {
            BigDecimal bytes = zero(d.averageDatabaseBytes()).add(zero(d.averageFailsafeBytes()));
            if (bytes.signum() == 0) {
                continue;
            }
            int daysInMonth = d.usageDate().lengthOfMonth();
            BigDecimal tbMonths = bytes.divide(BYTES_PER_TB.multiply(BigDecimal.valueOf(daysInMonth)), PRECISION);
            Instant start = d.usageDate().atStartOfDay(ZoneOffset.UTC).toInstant();
            ChargeRow row = charge(account, "Usage", "Snowflake Storage", "STORAGE",
                    "Storage of database " + d.databaseName() + " incl. time travel and fail-safe", start,
                    d.usageDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), tbMonths, pricePerTbMonth,
                    currency, Long.toString(d.databaseId()), d.databaseName(), "Database");
            String[] v = row.values();
            v[FocusColumn.SERVICE_CATEGORY.ordinal()] = "Storage";
            v[FocusColumn.PRICING_UNIT.ordinal()] = "TB-Months";
            v[FocusColumn.CONSUMED_UNIT.ordinal()] = "TB-Months";
            v[FocusColumn.PRICING_CURRENCY.ordinal()] = currency;
            v[FocusColumn.PRICING_CURRENCY_EFFECTIVE_COST.ordinal()] = row.billedCost().toString();
            out.add(row);
        }
        return out;
    }

    private static BigDecimal zero(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }

    private static ChargeRow charge(String account, String category, String service, String sku, String description,
            Instant start, Instant end, BigDecimal credits, BigDecimal price, String currency, String resourceId,
            String resourceName, String resourceType) {
        BigDecimal cost = credits.multiply(price);
        YearMonth month = YearMonth.from(start.atOffset(ZoneOffset.UTC));
        Instant billingStart = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant billingEnd = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        String[] v = new String[FocusColumn.values().length];
        set(v, FocusColumn.BILLED_COST, cost.toString());
        set(v, FocusColumn.EFFECTIVE_COST, cost.toString());
        set(v, FocusColumn.LIST_COST, cost.toString());
        set(v, FocusColumn.CONTRACTED_COST, cost.toString());
        set(v, FocusColumn.BILLING_ACCOUNT_ID, account);
        set(v, FocusColumn.BILLING_ACCOUNT_NAME, account);
        set(v, FocusColumn.BILLING_CURRENCY, currency);
        set(v, FocusColumn.BILLING_PERIOD_START, billingStart.toString());
        set(v, FocusColumn.BILLING_PERIOD_END, billingEnd.toString());
        set(v, FocusColumn.CHARGE_CATEGORY, category);
        set(v, FocusColumn.CHARGE_DESCRIPTION, description);
        set(v, FocusColumn.CHARGE_FREQUENCY, "Usage-Based");
        set(v, FocusColumn.CHARGE_PERIOD_START, start.toString());
        set(v, FocusColumn.CHARGE_PERIOD_END, end.toString());
        set(v, FocusColumn.CONSUMED_QUANTITY, credits.toString());
        set(v, FocusColumn.CONSUMED_UNIT, CREDITS);
        set(v, FocusColumn.PRICING_QUANTITY, credits.toString());
        set(v, FocusColumn.PRICING_UNIT, CREDITS);
        set(v, FocusColumn.PRICING_CURRENCY, CREDITS);
        set(v, FocusColumn.PRICING_CURRENCY_EFFECTIVE_COST, credits.toString());
        set(v, FocusColumn.LIST_UNIT_PRICE, price.toString());
        set(v, FocusColumn.CONTRACTED_UNIT_PRICE, price.toString());
        set(v, FocusColumn.PRICING_CATEGORY, "Standard");
        set(v, FocusColumn.PROVIDER_NAME, PROVIDER);
        set(v, FocusColumn.PUBLISHER_NAME, PROVIDER);
        set(v, FocusColumn.INVOICE_ISSUER_NAME, PROVIDER);
        set(v, FocusColumn.SERVICE_NAME, service);
        set(v, FocusColumn.SERVICE_CATEGORY, "Analytics");
        set(v, FocusColumn.SKU_ID, sku);
        set(v, FocusColumn.RESOURCE_ID, resourceId);
        set(v, FocusColumn.RESOURCE_NAME, resourceName);
        set(v, FocusColumn.RESOURCE_TYPE, resourceType);
        return new ChargeRow(v, null, null, cost, cost, currency, PROVIDER, account, billingStart, start);
    }

    private static void set(String[] values, FocusColumn column, String value) {
        values[column.ordinal()] = value;
    }

    /** The first UTC day a window touches: charges are rebuilt from there, as daily adjustments cover whole days. */
    public static LocalDate firstDay(CollectionWindow window) {
        return LocalDate.ofInstant(window.from(), ZoneOffset.UTC);
    }
}
