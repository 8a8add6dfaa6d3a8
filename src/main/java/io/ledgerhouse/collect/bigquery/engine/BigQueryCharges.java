package io.ledgerhouse.collect.bigquery.engine;

import io.ledgerhouse.collect.bigquery.engine.BigQueryUsage.DatasetStorageDay;
import io.ledgerhouse.collect.bigquery.engine.BigQueryUsage.OnDemandDay;
import io.ledgerhouse.domain.ChargeRow;
import io.ledgerhouse.domain.FocusColumn;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns collected BigQuery usage into FOCUS-aligned charges (provider {@code Google Cloud}, service {@code BigQuery}):
 *
 * <ol>
 *   <li><b>On-demand</b>, one charge per project, region, UTC day and user (SKU {@code ON_DEMAND_QUERY}): the bytes
 *       billed of the day's on-demand query jobs (script parents, cache hits and failed jobs excluded) in TiB (2^40
 *       bytes) x the region's price per TiB, exactly. The user is kept in the charge's {@code extra}
 *       ({@code user_email}) so allocation finds the charge's jobs; each job carries its own price there.</li>
 *   <li><b>Free tier</b>, one Credit per project and month (SKU {@code ON_DEMAND_FREE_TIER}): the first
 *       {@code freeTibPerMonth} TiB of the month's on-demand bytes, in day order, at the price they were charged.</li>
 *   <li><b>Reservations</b>, one charge per reservation and hour (SKU {@code RESERVATION_SLOTS}): billed slot-seconds
 *       (baseline always, plus autoscaled slots; not the used ones) / 3600, those the pool's 1- and 3-year
 *       commitments cover at the commitment price and the rest at the edition's pay-as-you-go price, rounded to 10
 *       decimals; committed slots no reservation held are one charge per pool and hour (SKU
 *       {@code COMMITMENT_UNUSED}), see {@link ReservationPricing}.</li>
 *   <li><b>Storage</b>, one charge per dataset and day (SKU {@code STORAGE_LOGICAL} or {@code STORAGE_PHYSICAL}, the
 *       dataset's billing model): logical active/long-term bytes, or physical active (time travel included) plus
 *       fail-safe / long-term bytes, in GiB (2^30) x the GiB-month price / the days of the month.</li>
 * </ol>
 */
public final class BigQueryCharges {

    public static final String PROVIDER = "Google Cloud";
    public static final String SERVICE = "BigQuery";
    public static final String ON_DEMAND = "ON_DEMAND_QUERY";
    public static final String FREE_TIER = "ON_DEMAND_FREE_TIER";
    public static final String RESERVATION = "RESERVATION_SLOTS";
    public static final BigDecimal BYTES_PER_TIB = BigDecimal.valueOf(1L << 40);
    public static final BigDecimal BYTES_PER_GIB = BigDecimal.valueOf(1L << 30);
    private static final MathContext PRECISION = MathContext.DECIMAL128;

    private BigQueryCharges() {
    }

    /** On-demand charges per job-day and user, and the month's free-tier credit per project. */
    public static List<ChargeRow> onDemand(String source, List<OnDemandDay> days, Function<String, PriceSheet> prices,
            BigDecimal freeTibPerMonth, String currency) {
        List<ChargeRow> out = new ArrayList<>();
        List<OnDemandDay> ordered = new ArrayList<>(days);
        ordered.sort(Comparator.comparing(OnDemandDay::day).thenComparing(OnDemandDay::project)
                .thenComparing(OnDemandDay::region).thenComparing(d -> d.userEmail() == null ? "" : d.userEmail()));
        Map<String, BigDecimal[]> free = new HashMap<>(); // project|month -> {TiB left, credit}
        for (OnDemandDay d : ordered) {
            if (d.bytesBilled() <= 0) {
                continue;
            }
            BigDecimal price = prices.apply(d.region()).onDemandPerTib();
            BigDecimal tib = BigDecimal.valueOf(d.bytesBilled()).divide(BYTES_PER_TIB);
            BigDecimal cost = tib.multiply(price);
            Instant start = d.day().atStartOfDay(ZoneOffset.UTC).toInstant();
            ChargeRow row = charge(source, "Usage", ON_DEMAND, "On-demand queries of " + (d.userEmail() == null
                    ? "unknown user" : d.userEmail()) + " in " + d.project(), start, start.plusSeconds(86_400), tib,
                    "TiB", price, cost, currency, d.project(), d.region(), d.project(), d.project(), "Project");
            row.values()[FocusColumn.SERVICE_CATEGORY.ordinal()] = "Analytics";
            out.add(new ChargeRow(row.values(), row.tagsNormalized(), extraUser(d.userEmail()), row.billedCost(),
                    row.effectiveCost(), row.billingCurrency(), row.providerName(), row.billingAccountId(),
                    row.billingPeriodStart(), row.chargePeriodStart()));
            if (freeTibPerMonth != null && freeTibPerMonth.signum() > 0) {
                String key = d.project() + "|" + YearMonth.from(d.day());
                BigDecimal[] f = free.computeIfAbsent(key, k -> new BigDecimal[] {freeTibPerMonth, BigDecimal.ZERO});
                BigDecimal used = f[0].min(tib);
                f[0] = f[0].subtract(used);
                f[1] = f[1].add(used.multiply(price));
            }
        }
        free.forEach((key, f) -> {
            if (f[1].signum() == 0) {
                return;
            }
            String project = key.substring(0, key.lastIndexOf('|'));
            YearMonth month = YearMonth.parse(key.substring(key.lastIndexOf('|') + 1));
            Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            BigDecimal tib = freeTibPerMonth.subtract(f[0]);
            out.add(charge(source, "Credit", FREE_TIER, "On-demand free tier: the month's first " + freeTibPerMonth
                    + " TiB", start, end, tib.negate(), "TiB", null, f[1].negate(), currency, project, null, project,
                    project, "Project"));
        });
        return out;
    }

    private static String extraUser(String userEmail) {
        if (userEmail == null) {
            return "{\"user_email\": null}";
        }
        return "{\"user_email\": \"" + userEmail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    public static final String COMMITMENT_UNUSED = "COMMITMENT_UNUSED";

    /**
     * Reservation charges per hour (SKU {@code RESERVATION_SLOTS}) and, for committed slots no reservation held, one
     * charge per pool (admin project, region, edition) and hour (SKU {@code COMMITMENT_UNUSED}), as
     * {@link ReservationPricing} prices them. ListCost is the pay-as-you-go price of every slot-hour; Billed and
     * EffectiveCost are what the commitments and pay-as-you-go make of them.
     */
    public static List<ChargeRow> reservations(String source, ReservationPricing.Priced priced, String currency) {
        List<ChargeRow> out = new ArrayList<>();
        for (ReservationPricing.ReservationHourCost h : priced.reservations()) {
            if (h.slotSeconds() <= 0) {
                continue;
            }
            BigDecimal slotHours = BigDecimal.valueOf(h.slotSeconds()).divide(BigDecimal.valueOf(3600), PRECISION);
            BigDecimal committedHours = h.committedSlotSeconds().divide(BigDecimal.valueOf(3600), PRECISION);
            boolean committed = h.committedSlotSeconds().signum() > 0;
            ChargeRow row = charge(source, "Usage", RESERVATION, "Slots of reservation " + h.reservationName() + " ("
                    + (h.edition() == null ? "edition unknown" : h.edition()) + ", baseline and autoscaled"
                    + (committed ? "; " + committedHours.setScale(2, RoundingMode.HALF_UP).toPlainString()
                            + " slot-hours on commitments" : "") + ")", h.hour(), h.hour().plusSeconds(3600),
                    slotHours, "Slot-Hours", h.payAsYouGoSlotHour(), h.cost(), currency, h.adminProject(), h.region(),
                    h.reservationId(), h.reservationName(), "Reservation");
            String[] v = row.values();
            v[FocusColumn.SERVICE_CATEGORY.ordinal()] = "Analytics";
            v[FocusColumn.CAPACITY_RESERVATION_ID.ordinal()] = h.reservationId();
            v[FocusColumn.LIST_COST.ordinal()] = slotHours.multiply(h.payAsYouGoSlotHour()).setScale(10,
                    RoundingMode.HALF_UP).toPlainString();
            if (committed) {
                v[FocusColumn.PRICING_CATEGORY.ordinal()] = "Committed";
                v[FocusColumn.COMMITMENT_DISCOUNT_ID.ordinal()] = String.join(",", h.commitments());
                v[FocusColumn.COMMITMENT_DISCOUNT_CATEGORY.ordinal()] = "Usage";
                v[FocusColumn.COMMITMENT_DISCOUNT_STATUS.ordinal()] = "Used";
                v[FocusColumn.COMMITMENT_DISCOUNT_QUANTITY.ordinal()] = committedHours.toPlainString();
                v[FocusColumn.COMMITMENT_DISCOUNT_UNIT.ordinal()] = "Slot-Hours";
            }
            out.add(new ChargeRow(v, row.tagsNormalized(), "{\"committed_slot_seconds\": " + h.committedSlotSeconds()
                    .toPlainString() + "}", row.billedCost(), row.effectiveCost(), row.billingCurrency(),
                    row.providerName(), row.billingAccountId(), row.billingPeriodStart(), row.chargePeriodStart()));
        }
        for (ReservationPricing.UnusedCommitmentHour u : priced.unused()) {
            if (u.cost().signum() == 0) {
                continue;
            }
            BigDecimal slotHours = u.slotSeconds().divide(BigDecimal.valueOf(3600), PRECISION);
            String pool = u.adminProject() + ":" + u.region() + "/commitments/" + u.edition();
            ChargeRow row = charge(source, "Usage", COMMITMENT_UNUSED, "Committed " + u.edition() + " slots in "
                    + u.adminProject() + " (" + u.region() + ") no reservation held", u.hour(),
                    u.hour().plusSeconds(3600), slotHours, "Slot-Hours", u.cost().divide(slotHours, PRECISION),
                    u.cost(), currency, u.adminProject(), u.region(), pool, u.edition() + " commitments",
                    "Capacity commitment");
            String[] v = row.values();
            v[FocusColumn.PRICING_CATEGORY.ordinal()] = "Committed";
            v[FocusColumn.COMMITMENT_DISCOUNT_ID.ordinal()] = String.join(",", u.commitments());
            v[FocusColumn.COMMITMENT_DISCOUNT_CATEGORY.ordinal()] = "Usage";
            v[FocusColumn.COMMITMENT_DISCOUNT_STATUS.ordinal()] = "Unused";
            v[FocusColumn.COMMITMENT_DISCOUNT_QUANTITY.ordinal()] = slotHours.toPlainString();
            v[FocusColumn.COMMITMENT_DISCOUNT_UNIT.ordinal()] = "Slot-Hours";
            out.add(row);
        }
        return out;
    }

    /** Storage charges per dataset and day. */
    public static List<ChargeRow> storage(String source, List<DatasetStorageDay> days,
            Function<String, PriceSheet> prices, String currency) {
        List<ChargeRow> out = new ArrayList<>();
        for (DatasetStorageDay d : days) {
            PriceSheet p = prices.apply(d.region());
            BigDecimal activeBytes;
            BigDecimal longTermBytes;
            BigDecimal activePrice;
            BigDecimal longTermPrice;
            if (d.physical()) {
                activeBytes = BigDecimal.valueOf(d.activePhysicalBytes() + d.failSafePhysicalBytes());
                longTermBytes = BigDecimal.valueOf(d.longTermPhysicalBytes());
                activePrice = p.physicalActiveGibMonth();
                longTermPrice = p.physicalLongTermGibMonth();
            } else {
                activeBytes = BigDecimal.valueOf(d.activeLogicalBytes());
                longTermBytes = BigDecimal.valueOf(d.longTermLogicalBytes());
                activePrice = p.logicalActiveGibMonth();
                longTermPrice = p.logicalLongTermGibMonth();
            }
            if (activeBytes.signum() == 0 && longTermBytes.signum() == 0) {
                continue;
            }
            BigDecimal divisor = BYTES_PER_GIB.multiply(BigDecimal.valueOf(d.day().lengthOfMonth()));
            BigDecimal gibMonths = activeBytes.add(longTermBytes).divide(divisor, PRECISION);
            BigDecimal cost = activeBytes.multiply(activePrice).add(longTermBytes.multiply(longTermPrice))
                    .divide(divisor, PRECISION);
            Instant start = d.day().atStartOfDay(ZoneOffset.UTC).toInstant();
            ChargeRow row = charge(source, "Usage", d.physical() ? "STORAGE_PHYSICAL" : "STORAGE_LOGICAL",
                    "Storage of dataset " + d.dataset() + " (" + (d.physical() ? "physical" : "logical")
                            + " billing, active and long-term)", start, start.plusSeconds(86_400), gibMonths,
                    "GiB-Months", null, cost, currency, d.project(), d.region(), d.project() + ":" + d.dataset(),
                    d.dataset(), "Dataset");
            row.values()[FocusColumn.SERVICE_CATEGORY.ordinal()] = "Storage";
            out.add(row);
        }
        return out;
    }

    private static ChargeRow charge(String source, String category, String sku, String description, Instant start,
            Instant end, BigDecimal quantity, String unit, BigDecimal unitPrice, BigDecimal cost, String currency,
            String project, String region, String resourceId, String resourceName, String resourceType) {
        YearMonth month = YearMonth.from(start.atOffset(ZoneOffset.UTC));
        Instant billingStart = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant billingEnd = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        String[] v = new String[FocusColumn.values().length];
        String amount = cost.toPlainString();
        set(v, FocusColumn.BILLED_COST, amount);
        set(v, FocusColumn.EFFECTIVE_COST, amount);
        set(v, FocusColumn.LIST_COST, amount);
        set(v, FocusColumn.CONTRACTED_COST, amount);
        set(v, FocusColumn.BILLING_ACCOUNT_ID, source);
        set(v, FocusColumn.BILLING_ACCOUNT_NAME, source);
        set(v, FocusColumn.BILLING_CURRENCY, currency);
        set(v, FocusColumn.BILLING_PERIOD_START, billingStart.toString());
        set(v, FocusColumn.BILLING_PERIOD_END, billingEnd.toString());
        set(v, FocusColumn.CHARGE_CATEGORY, category);
        set(v, FocusColumn.CHARGE_DESCRIPTION, description);
        set(v, FocusColumn.CHARGE_FREQUENCY, "Usage-Based");
        set(v, FocusColumn.CHARGE_PERIOD_START, start.toString());
        set(v, FocusColumn.CHARGE_PERIOD_END, end.toString());
        set(v, FocusColumn.CONSUMED_QUANTITY, quantity.toPlainString());
        set(v, FocusColumn.CONSUMED_UNIT, unit);
        set(v, FocusColumn.PRICING_QUANTITY, quantity.toPlainString());
        set(v, FocusColumn.PRICING_UNIT, unit);
        set(v, FocusColumn.PRICING_CURRENCY, currency);
        set(v, FocusColumn.PRICING_CURRENCY_EFFECTIVE_COST, amount);
        set(v, FocusColumn.LIST_UNIT_PRICE, unitPrice == null ? null : unitPrice.toPlainString());
        set(v, FocusColumn.CONTRACTED_UNIT_PRICE, unitPrice == null ? null : unitPrice.toPlainString());
        set(v, FocusColumn.PRICING_CATEGORY, "Standard");
        set(v, FocusColumn.PROVIDER_NAME, PROVIDER);
        set(v, FocusColumn.PUBLISHER_NAME, PROVIDER);
        set(v, FocusColumn.INVOICE_ISSUER_NAME, PROVIDER);
        set(v, FocusColumn.SERVICE_NAME, SERVICE);
        set(v, FocusColumn.SERVICE_CATEGORY, "Analytics");
        set(v, FocusColumn.SKU_ID, sku);
        set(v, FocusColumn.SUB_ACCOUNT_ID, project);
        set(v, FocusColumn.SUB_ACCOUNT_NAME, project);
        set(v, FocusColumn.REGION_ID, region);
        set(v, FocusColumn.REGION_NAME, region);
        set(v, FocusColumn.RESOURCE_ID, resourceId);
        set(v, FocusColumn.RESOURCE_NAME, resourceName);
        set(v, FocusColumn.RESOURCE_TYPE, resourceType);
        return new ChargeRow(v, null, null, cost, cost, currency, PROVIDER, source, billingStart, start);
    }

    private static void set(String[] values, FocusColumn column, String value) {
        values[column.ordinal()] = value;
    }

    /** The first day charges are rebuilt from: the first of the month the earliest re-read window starts in. */
    public static LocalDate rebuildFrom(Instant earliestWindowStart) {
        return YearMonth.from(earliestWindowStart.atOffset(ZoneOffset.UTC)).atDay(1);
    }
}
