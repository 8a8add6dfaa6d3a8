package io.ledgerhouse.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * Writes a FOCUS 1.0 CSV of any size, deterministic by seed, shaped like a real AWS export: hourly usage rows over one
 * billing month, a few hundred resources over a dozen services, tags on most rows, the export's messy spellings
 * (literal NULL, timestamps without T or zone) and a non-FOCUS Id column.
 */
public final class FocusFileGenerator {

    private static final String HEADER = "AvailabilityZone,BilledCost,BillingAccountId,BillingAccountName,"
            + "BillingCurrency,BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeClass,ChargeDescription,"
            + "ChargeFrequency,ChargePeriodEnd,ChargePeriodStart,CommitmentDiscountCategory,CommitmentDiscountId,"
            + "CommitmentDiscountName,CommitmentDiscountStatus,CommitmentDiscountType,ConsumedQuantity,ConsumedUnit,"
            + "ContractedCost,ContractedUnitPrice,EffectiveCost,InvoiceIssuerName,ListCost,ListUnitPrice,"
            + "PricingCategory,PricingQuantity,PricingUnit,ProviderName,PublisherName,RegionId,RegionName,ResourceId,"
            + "ResourceName,ResourceType,ServiceCategory,Id,ServiceName,SkuId,SkuPriceId,SubAccountId,SubAccountName,"
            + "Tags";
    private static final String[][] SERVICES = {
        {"Amazon Elastic Compute Cloud", "Compute", "Hrs", "0.0928"},
        {"Amazon Simple Storage Service", "Storage", "GB-Mo", "0.023"},
        {"Amazon Relational Database Service", "Databases", "Hrs", "0.171"},
        {"Amazon Redshift", "Analytics", "Hrs", "0.25"},
        {"AWS Lambda", "Compute", "Lambda-GB-Second", "0.0000166667"},
        {"Amazon CloudFront", "Networking", "GB", "0.085"},
        {"Elastic Load Balancing", "Networking", "LCU-Hours", "0.008"},
        {"Amazon DynamoDB", "Databases", "WriteRequestUnits", "0.00000125"},
        {"Amazon Simple Queue Service", "Integration", "Requests", "0.0000004"},
        {"AWS Key Management Service", "Security", "Requests", "0.00003"},
        {"Amazon CloudWatch", "Management and Governance", "Metrics", "0.3"},
        {"Amazon Athena", "Analytics", "Terabytes", "5"},
    };
    private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1", "ap-south-1"};
    private static final String[] TEAMS = {"data-eng", "analytics", "platform", "ml", "web"};
    private static final String[] ENVS = {"prod", "dev", "staging"};

    private FocusFileGenerator() {
    }

    /** Writes {@code rows} charges of September 2024 to {@code file}; returns the file's size in bytes. */
    public static long write(Path file, long rows, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Instant month = Instant.parse("2024-09-01T00:00:00Z");
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
            w.write(HEADER);
            w.write('\n');
            StringBuilder sb = new StringBuilder(700);
            for (long i = 0; i < rows; i++) {
                sb.setLength(0);
                int s = random.nextInt(SERVICES.length);
                String[] svc = SERVICES[s];
                int resource = random.nextInt(400);
                String region = REGIONS[resource % REGIONS.length];
                Instant start = month.plus(random.nextInt(30 * 24), ChronoUnit.HOURS);
                BigDecimal price = new BigDecimal(svc[3]);
                BigDecimal quantity = BigDecimal.valueOf(random.nextDouble() * 10).setScale(10, RoundingMode.HALF_UP);
                BigDecimal cost = price.multiply(quantity).setScale(11, RoundingMode.HALF_UP);
                boolean committed = s == 0 && random.nextInt(4) == 0;
                BigDecimal effective = committed ? cost.multiply(new BigDecimal("0.72")).setScale(11, RoundingMode.HALF_UP)
                        : cost;
                sb.append(region).append('a').append(',');
                sb.append(cost.toPlainString()).append(',');
                sb.append("\"123456789012\",\"Acme Corp\",\"USD\",\"2024-10-01 00:00:00\",\"2024-09-01 00:00:00\",");
                sb.append("\"Usage\",NULL,\"").append(svc[0]).append(" usage in ").append(region).append("\",");
                sb.append(random.nextBoolean() ? "\"Usage-Based\"," : "\"Usage-based\",");
                sb.append('"').append(timestamp(start.plus(1, ChronoUnit.HOURS))).append("\",\"")
                        .append(timestamp(start)).append("\",");
                if (committed) {
                    sb.append("\"Spend\",\"arn:aws:savingsplans::123456789012:savingsplan/sp-1\",NULL,\"Used\",")
                            .append("\"Savings Plan\",");
                } else {
                    sb.append("NULL,NULL,NULL,NULL,NULL,");
                }
                sb.append(quantity.toPlainString()).append(",\"").append(svc[2]).append("\",");
                sb.append(effective.toPlainString()).append(',').append(price.toPlainString()).append(',');
                sb.append(effective.toPlainString()).append(",\"Amazon Web Services, Inc.\",");
                sb.append(cost.toPlainString()).append(",\"").append(svc[3]).append("\",");
                sb.append(committed ? "\"Committed\"," : "\"Standard\",");
                sb.append(quantity.toPlainString()).append(",\"").append(svc[2]).append("\",");
                sb.append("\"AWS\",\"Amazon Web Services, Inc.\",\"").append(region).append("\",\"")
                        .append(region).append("\",");
                sb.append("\"arn:aws:service:").append(region).append(":123456789012:resource/r-").append(resource)
                        .append("\",NULL,NULL,\"").append(svc[1]).append("\",");
                sb.append(i + 1).append(",\"").append(svc[0]).append("\",\"SKU").append(s).append("\",\"SKU")
                        .append(s).append(".PRICE\",");
                sb.append("\"2100000000").append(resource % 20).append("\",\"Account ").append(resource % 20)
                        .append("\",");
                if (random.nextInt(10) < 8) {
                    sb.append("\"{\"\"team\"\": \"\"").append(TEAMS[resource % TEAMS.length])
                            .append("\"\", \"\"environment\"\": \"\"").append(ENVS[resource % ENVS.length])
                            .append("\"\"}\"");
                } else {
                    sb.append("NULL");
                }
                sb.append('\n');
                w.append(sb);
            }
        }
        return Files.size(file);
    }

    private static String timestamp(Instant t) {
        String iso = t.toString(); // 2024-09-01T05:00:00Z
        return iso.substring(0, 10) + ' ' + iso.substring(11, 19);
    }
}
