package io.ledgerhouse.collect.bigquery.engine;

import java.math.BigDecimal;

/**
 * BigQuery list prices of one region (DOMAIN.md, BigQuery; US list prices are the configuration's defaults): on-demand
 * per TiB billed, edition slot-hours pay-as-you-go and with 1- and 3-year commitments, storage per GiB-month.
 */
public record PriceSheet(BigDecimal onDemandPerTib, BigDecimal standardSlotHour, BigDecimal enterpriseSlotHour,
        BigDecimal enterprise1ySlotHour, BigDecimal enterprise3ySlotHour, BigDecimal enterprisePlusSlotHour,
        BigDecimal enterprisePlus1ySlotHour, BigDecimal enterprisePlus3ySlotHour, BigDecimal logicalActiveGibMonth,
        BigDecimal logicalLongTermGibMonth, BigDecimal physicalActiveGibMonth, BigDecimal physicalLongTermGibMonth) {

    /** The US list prices of 2026. */
    public static final PriceSheet US_LIST = new PriceSheet(new BigDecimal("6.25"), new BigDecimal("0.04"),
            new BigDecimal("0.06"), new BigDecimal("0.048"), new BigDecimal("0.036"), new BigDecimal("0.10"),
            new BigDecimal("0.08"), new BigDecimal("0.06"), new BigDecimal("0.02"), new BigDecimal("0.01"),
            new BigDecimal("0.04"), new BigDecimal("0.02"));

    /** Pay-as-you-go price of a slot-hour of {@code edition} (STANDARD, ENTERPRISE, ENTERPRISE_PLUS). */
    public BigDecimal slotHour(String edition) {
        return slotHour(edition, Commitment.NONE);
    }

    /** What a commitment plan costs per slot-hour. */
    public enum Commitment {
        NONE, ONE_YEAR, THREE_YEAR
    }

    /** Price of a slot-hour of {@code edition} under {@code commitment}; null when the edition has no such plan. */
    public BigDecimal slotHour(String edition, Commitment commitment) {
        String e = edition == null ? "ENTERPRISE" : edition.toUpperCase(java.util.Locale.ROOT).replace(' ', '_');
        return switch (e) {
            case "STANDARD" -> commitment == Commitment.NONE ? standardSlotHour : null;
            case "ENTERPRISE_PLUS" -> switch (commitment) {
                case NONE -> enterprisePlusSlotHour;
                case ONE_YEAR -> enterprisePlus1ySlotHour;
                case THREE_YEAR -> enterprisePlus3ySlotHour;
            };
            default -> switch (commitment) {
                case NONE -> enterpriseSlotHour;
                case ONE_YEAR -> enterprise1ySlotHour;
                case THREE_YEAR -> enterprise3ySlotHour;
            };
        };
    }
}
