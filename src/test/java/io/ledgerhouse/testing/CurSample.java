package io.ledgerhouse.testing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small legacy AWS Cost and Usage Report of one payer account and month, with one line item of each common type,
 * tagged and untagged rows. The expected figures are summed here from the cells, independently of the import code.
 *
 * <pre>
 * type                    | product    | unblended | amortization cells                     | team  | env
 * Usage                   | AmazonEC2  | 10.00     |                                        | data  | prod
 * Usage                   | AmazonS3   |  2.50     |                                        | web   |
 * Usage                   | AmazonEC2  |  1.25     |                                        |       |
 * Usage                   | AmazonEC2  |  0.75     |                                        | ""    | dev   (empty team: untagged)
 * DiscountedUsage         | AmazonEC2  |  0        | reservation/EffectiveCost 3.50         | data  |
 * RIFee                   | AmazonEC2  | 12.00     | unused upfront 1.00, unused recurring 0.50 |   |
 * SavingsPlanCoveredUsage | AmazonEC2  |  8.00     | savingsPlan/SavingsPlanEffectiveCost 5.20 | web |
 * SavingsPlanNegation     | AmazonEC2  | -8.00     |                                        | web   |
 * SavingsPlanRecurringFee | (none)     | 24.00     | total commitment 24.00, used 20.80     |       |
 * Tax                     | AmazonEC2  |  2.00     |                                        |       |
 * Credit                  | AmazonEC2  | -1.00     |                                        |       |
 * </pre>
 * Every unblended cost is multiplied by {@code factor} (a restatement of the month gives other figures).
 */
public final class CurSample {

    public static final List<String> HEADER = List.of("identity/LineItemId", "identity/TimeInterval",
            "bill/InvoiceId", "bill/BillingEntity", "bill/PayerAccountId", "bill/BillingPeriodStartDate",
            "bill/BillingPeriodEndDate", "lineItem/UsageAccountId", "lineItem/LineItemType",
            "lineItem/UsageStartDate", "lineItem/UsageEndDate", "lineItem/ProductCode", "lineItem/UsageType",
            "lineItem/Operation", "lineItem/ResourceId", "lineItem/UsageAmount", "lineItem/CurrencyCode",
            "lineItem/UnblendedCost", "lineItem/LineItemDescription", "product/ProductName", "product/region",
            "product/sku", "pricing/publicOnDemandCost", "pricing/unit", "reservation/EffectiveCost",
            "reservation/ReservationARN", "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod",
            "reservation/UnusedRecurringFee", "savingsPlan/SavingsPlanARN", "savingsPlan/SavingsPlanEffectiveCost",
            "savingsPlan/TotalCommitmentToDate", "savingsPlan/UsedCommitment", "resourceTags/user:team",
            "resourceTags/user:env");

    private CurSample() {
    }

    /** The rows for the payer account and month ("2024-09"), each column name to cell. */
    public static List<Map<String, String>> rows(String payer, String month, String factor) {
        BigDecimal f = new BigDecimal(factor);
        List<Map<String, String>> rows = new ArrayList<>();
        rows.add(row(payer, month, f, "Usage", "AmazonEC2", "10.00", "data", "prod"));
        rows.add(row(payer, month, f, "Usage", "AmazonS3", "2.50", "web", ""));
        rows.add(row(payer, month, f, "Usage", "AmazonEC2", "1.25", "", ""));
        rows.add(row(payer, month, f, "Usage", "AmazonEC2", "0.75", "", "dev"));
        Map<String, String> ri = row(payer, month, f, "DiscountedUsage", "AmazonEC2", "0", "data", "");
        ri.put("reservation/EffectiveCost", new BigDecimal("3.50").multiply(f).toPlainString());
        ri.put("reservation/ReservationARN", "arn:aws:ec2:us-east-1:" + payer + ":reserved-instances/ri-1");
        rows.add(ri);
        Map<String, String> riFee = row(payer, month, f, "RIFee", "AmazonEC2", "12.00", "", "");
        riFee.put("reservation/ReservationARN", "arn:aws:ec2:us-east-1:" + payer + ":reserved-instances/ri-1");
        riFee.put("reservation/UnusedAmortizedUpfrontFeeForBillingPeriod", "1.00");
        riFee.put("reservation/UnusedRecurringFee", "0.50");
        rows.add(riFee);
        Map<String, String> sp = row(payer, month, f, "SavingsPlanCoveredUsage", "AmazonEC2", "8.00", "web", "");
        sp.put("savingsPlan/SavingsPlanEffectiveCost", "5.20");
        sp.put("savingsPlan/SavingsPlanARN", "arn:aws:savingsplans::" + payer + ":savingsplan/sp-1");
        rows.add(sp);
        rows.add(row(payer, month, f, "SavingsPlanNegation", "AmazonEC2", "-8.00", "web", ""));
        Map<String, String> spFee = row(payer, month, f, "SavingsPlanRecurringFee", "ComputeSavingsPlans", "24.00",
                "", "");
        spFee.put("savingsPlan/TotalCommitmentToDate", "24.00");
        spFee.put("savingsPlan/UsedCommitment", "20.80");
        rows.add(spFee);
        rows.add(row(payer, month, f, "Tax", "AmazonEC2", "2.00", "", ""));
        rows.add(row(payer, month, f, "Credit", "AmazonEC2", "-1.00", "", ""));
        for (int i = 0; i < rows.size(); i++) {
            rows.get(i).put("identity/LineItemId", "li-" + i);
        }
        return rows;
    }

    /** The expected EffectiveCost sum of {@link #rows} (amortized), from the amortization cells. */
    public static BigDecimal amortizedSum(List<Map<String, String>> rows) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map<String, String> r : rows) {
            String type = r.get("lineItem/LineItemType");
            BigDecimal v = switch (type) {
                case "DiscountedUsage" -> new BigDecimal(r.get("reservation/EffectiveCost"));
                case "SavingsPlanCoveredUsage" -> new BigDecimal(r.get("savingsPlan/SavingsPlanEffectiveCost"));
                case "RIFee" -> new BigDecimal(r.get("reservation/UnusedAmortizedUpfrontFeeForBillingPeriod"))
                        .add(new BigDecimal(r.get("reservation/UnusedRecurringFee")));
                case "SavingsPlanRecurringFee" -> new BigDecimal(r.get("savingsPlan/TotalCommitmentToDate"))
                        .subtract(new BigDecimal(r.get("savingsPlan/UsedCommitment")));
                case "SavingsPlanNegation" -> BigDecimal.ZERO;
                default -> new BigDecimal(r.get("lineItem/UnblendedCost"));
            };
            sum = sum.add(v);
        }
        return sum;
    }

    public static String csv(List<Map<String, String>> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", HEADER)).append('\n');
        for (Map<String, String> r : rows) {
            List<String> cells = new ArrayList<>();
            for (String h : HEADER) {
                String v = r.getOrDefault(h, "");
                cells.add(v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    public static byte[] bytes(List<Map<String, String>> rows) {
        return csv(rows).getBytes(StandardCharsets.UTF_8);
    }

    public static BigDecimal sum(List<Map<String, String>> rows, String column) {
        return rows.stream().map(r -> new BigDecimal(r.get(column))).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static Map<String, String> row(String payer, String month, BigDecimal factor, String type,
            String productCode, String unblended, String team, String env) {
        String start = month + "-01T00:00:00Z";
        String end = java.time.YearMonth.parse(month).plusMonths(1) + "-01T00:00:00Z";
        String day = month + "-18T";
        Map<String, String> r = new LinkedHashMap<>();
        r.put("identity/TimeInterval", day + "10:00:00Z/" + day + "11:00:00Z");
        r.put("bill/InvoiceId", "inv-" + month);
        r.put("bill/BillingEntity", "AWS");
        r.put("bill/PayerAccountId", payer);
        r.put("bill/BillingPeriodStartDate", start);
        r.put("bill/BillingPeriodEndDate", end);
        r.put("lineItem/UsageAccountId", "222222222222");
        r.put("lineItem/LineItemType", type);
        r.put("lineItem/UsageStartDate", day + "10:00:00Z");
        r.put("lineItem/UsageEndDate", day + "11:00:00Z");
        r.put("lineItem/ProductCode", productCode);
        r.put("lineItem/UsageType", "USE1-BoxUsage:m5.large");
        r.put("lineItem/Operation", "RunInstances");
        r.put("lineItem/ResourceId", productCode.equals("AmazonEC2") ? "i-0abc" : "");
        r.put("lineItem/UsageAmount", "1");
        r.put("lineItem/CurrencyCode", "USD");
        r.put("lineItem/UnblendedCost", new BigDecimal(unblended).multiply(factor).toPlainString());
        r.put("lineItem/LineItemDescription", type + " of " + productCode + ", hourly, per instance");
        r.put("product/ProductName", productCode.equals("AmazonS3") ? "Amazon Simple Storage Service"
                : productCode.equals("AmazonEC2") ? "Amazon Elastic Compute Cloud" : "");
        r.put("product/region", "us-east-1");
        r.put("product/sku", "SKU-" + productCode);
        r.put("pricing/publicOnDemandCost", new BigDecimal(unblended).abs().toPlainString());
        r.put("pricing/unit", "Hrs");
        r.put("resourceTags/user:team", team);
        r.put("resourceTags/user:env", env);
        return r;
    }
}
