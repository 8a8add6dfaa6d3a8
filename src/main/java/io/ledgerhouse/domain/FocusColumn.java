package io.ledgerhouse.domain;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The FOCUS columns Ledgerhouse stores in its own column of the {@code charge} table, in table order.
 *
 * <p>Covers every column of FOCUS 1.0, 1.1 and 1.2 that describes a charge. {@link #mandatory} marks the columns a
 * file must have in its header for any of those versions; a file without one of them is rejected as a whole. Columns
 * outside this list (provider extensions such as {@code x_…}, or an export's own {@code Id}) are kept verbatim in the
 * charge's {@code extra} JSON.
 */
public enum FocusColumn {
    AVAILABILITY_ZONE("AvailabilityZone", Type.TEXT, false),
    BILLED_COST("BilledCost", Type.DECIMAL, true),
    BILLING_ACCOUNT_ID("BillingAccountId", Type.TEXT, true),
    BILLING_ACCOUNT_NAME("BillingAccountName", Type.TEXT, true),
    BILLING_ACCOUNT_TYPE("BillingAccountType", Type.TEXT, false),
    BILLING_CURRENCY("BillingCurrency", Type.TEXT, true),
    BILLING_PERIOD_END("BillingPeriodEnd", Type.TIMESTAMP, true),
    BILLING_PERIOD_START("BillingPeriodStart", Type.TIMESTAMP, true),
    CAPACITY_RESERVATION_ID("CapacityReservationId", Type.TEXT, false),
    CAPACITY_RESERVATION_STATUS("CapacityReservationStatus", Type.TEXT, false),
    CHARGE_CATEGORY("ChargeCategory", Type.TEXT, true),
    CHARGE_CLASS("ChargeClass", Type.TEXT, true),
    CHARGE_DESCRIPTION("ChargeDescription", Type.TEXT, true),
    CHARGE_FREQUENCY("ChargeFrequency", Type.TEXT, false),
    CHARGE_PERIOD_END("ChargePeriodEnd", Type.TIMESTAMP, true),
    CHARGE_PERIOD_START("ChargePeriodStart", Type.TIMESTAMP, true),
    COMMITMENT_DISCOUNT_CATEGORY("CommitmentDiscountCategory", Type.TEXT, false),
    COMMITMENT_DISCOUNT_ID("CommitmentDiscountId", Type.TEXT, false),
    COMMITMENT_DISCOUNT_NAME("CommitmentDiscountName", Type.TEXT, false),
    COMMITMENT_DISCOUNT_QUANTITY("CommitmentDiscountQuantity", Type.DECIMAL, false),
    COMMITMENT_DISCOUNT_STATUS("CommitmentDiscountStatus", Type.TEXT, false),
    COMMITMENT_DISCOUNT_TYPE("CommitmentDiscountType", Type.TEXT, false),
    COMMITMENT_DISCOUNT_UNIT("CommitmentDiscountUnit", Type.TEXT, false),
    CONSUMED_QUANTITY("ConsumedQuantity", Type.DECIMAL, false),
    CONSUMED_UNIT("ConsumedUnit", Type.TEXT, false),
    CONTRACTED_COST("ContractedCost", Type.DECIMAL, true),
    CONTRACTED_UNIT_PRICE("ContractedUnitPrice", Type.DECIMAL, false),
    EFFECTIVE_COST("EffectiveCost", Type.DECIMAL, true),
    INVOICE_ID("InvoiceId", Type.TEXT, false),
    INVOICE_ISSUER_NAME("InvoiceIssuerName", Type.TEXT, true),
    LIST_COST("ListCost", Type.DECIMAL, true),
    LIST_UNIT_PRICE("ListUnitPrice", Type.DECIMAL, false),
    PRICING_CATEGORY("PricingCategory", Type.TEXT, false),
    PRICING_CURRENCY("PricingCurrency", Type.TEXT, false),
    PRICING_CURRENCY_CONTRACTED_UNIT_PRICE("PricingCurrencyContractedUnitPrice", Type.DECIMAL, false),
    PRICING_CURRENCY_EFFECTIVE_COST("PricingCurrencyEffectiveCost", Type.DECIMAL, false),
    PRICING_CURRENCY_LIST_UNIT_PRICE("PricingCurrencyListUnitPrice", Type.DECIMAL, false),
    PRICING_QUANTITY("PricingQuantity", Type.DECIMAL, true),
    PRICING_UNIT("PricingUnit", Type.TEXT, true),
    PROVIDER_NAME("ProviderName", Type.TEXT, true),
    PUBLISHER_NAME("PublisherName", Type.TEXT, true),
    REGION_ID("RegionId", Type.TEXT, false),
    REGION_NAME("RegionName", Type.TEXT, false),
    RESOURCE_ID("ResourceId", Type.TEXT, false),
    RESOURCE_NAME("ResourceName", Type.TEXT, false),
    RESOURCE_TYPE("ResourceType", Type.TEXT, false),
    SERVICE_CATEGORY("ServiceCategory", Type.TEXT, true),
    SERVICE_NAME("ServiceName", Type.TEXT, true),
    SERVICE_SUBCATEGORY("ServiceSubcategory", Type.TEXT, false),
    SKU_ID("SkuId", Type.TEXT, false),
    SKU_METER("SkuMeter", Type.TEXT, false),
    SKU_PRICE_DETAILS("SkuPriceDetails", Type.JSON, false),
    SKU_PRICE_ID("SkuPriceId", Type.TEXT, false),
    SUB_ACCOUNT_ID("SubAccountId", Type.TEXT, false),
    SUB_ACCOUNT_NAME("SubAccountName", Type.TEXT, false),
    SUB_ACCOUNT_TYPE("SubAccountType", Type.TEXT, false),
    TAGS("Tags", Type.JSON, false);

    /** How a column's text is read. */
    public enum Type {
        TEXT, DECIMAL, TIMESTAMP, JSON
    }

    private static final Map<String, FocusColumn> BY_KEY = new HashMap<>();

    static {
        for (FocusColumn c : values()) {
            BY_KEY.put(key(c.focusName), c);
        }
        // FOCUS 1.0-preview spelled the region column "Region".
        BY_KEY.put(key("Region"), REGION_ID);
    }

    public final String focusName;
    public final Type type;
    public final boolean mandatory;
    /** The column's name in the store (snake_case of the FOCUS name). */
    public final String dbName;

    FocusColumn(String focusName, Type type, boolean mandatory) {
        this.focusName = focusName;
        this.type = type;
        this.mandatory = mandatory;
        this.dbName = name().toLowerCase(Locale.ROOT);
    }

    /** The column a header cell names, matched without regard to case, spaces or underscores; null when none. */
    public static FocusColumn forHeader(String header) {
        return BY_KEY.get(key(header));
    }

    private static String key(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != ' ' && c != '_' && c != '\uFEFF') {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }
}
