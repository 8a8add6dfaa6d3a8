package io.ledgerhouse.collect.files.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a legacy AWS Cost and Usage Report (CUR) as if it were a FOCUS 1.0 file: the CUR header is mapped to a fixed
 * FOCUS header ({@link #focusHeader()}) and each CUR record to the FOCUS values of that header, so that
 * {@link FocusRowParser} validates and normalises CUR rows exactly as it does FOCUS rows. Problems found by either
 * are reported with the CUR column the value came from (see docs/cur.md for the mapping).
 *
 * <p>EffectiveCost is the amortized cost, computed per line item type from the reservation and savings-plan columns;
 * when those columns are absent (or empty on a row that needs them) it is the unblended cost, with a warning.
 */
public final class CurToFocus {

    // CUR columns read (matched without regard to case).
    static final String PAYER_ACCOUNT_ID = "bill/PayerAccountId";
    static final String PAYER_ACCOUNT_NAME = "bill/PayerAccountName";
    static final String BILLING_PERIOD_START = "bill/BillingPeriodStartDate";
    static final String BILLING_PERIOD_END = "bill/BillingPeriodEndDate";
    static final String INVOICE_ID = "bill/InvoiceId";
    static final String INVOICING_ENTITY = "bill/InvoicingEntity";
    static final String USAGE_START = "lineItem/UsageStartDate";
    static final String USAGE_END = "lineItem/UsageEndDate";
    static final String UNBLENDED_COST = "lineItem/UnblendedCost";
    static final String CURRENCY = "lineItem/CurrencyCode";
    static final String LINE_ITEM_TYPE = "lineItem/LineItemType";
    static final String DESCRIPTION = "lineItem/LineItemDescription";
    static final String PRODUCT_CODE = "lineItem/ProductCode";
    static final String USAGE_ACCOUNT_ID = "lineItem/UsageAccountId";
    static final String USAGE_ACCOUNT_NAME = "lineItem/UsageAccountName";
    static final String RESOURCE_ID = "lineItem/ResourceId";
    static final String USAGE_AMOUNT = "lineItem/UsageAmount";
    static final String USAGE_TYPE = "lineItem/UsageType";
    static final String OPERATION = "lineItem/Operation";
    static final String AVAILABILITY_ZONE = "lineItem/AvailabilityZone";
    static final String PRODUCT_NAME = "product/ProductName";
    static final String REGION = "product/region";
    static final String LOCATION = "product/location";
    static final String SKU = "product/sku";
    static final String PRICING_UNIT = "pricing/unit";
    static final String PUBLIC_ON_DEMAND_COST = "pricing/publicOnDemandCost";
    static final String PUBLIC_ON_DEMAND_RATE = "pricing/publicOnDemandRate";
    static final String RI_ARN = "reservation/ReservationARN";
    static final String RI_EFFECTIVE_COST = "reservation/EffectiveCost";
    static final String RI_UNUSED_UPFRONT = "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod";
    static final String RI_UNUSED_RECURRING = "reservation/UnusedRecurringFee";
    static final String SP_ARN = "savingsPlan/SavingsPlanARN";
    static final String SP_EFFECTIVE_COST = "savingsPlan/SavingsPlanEffectiveCost";
    static final String SP_TOTAL_COMMITMENT = "savingsPlan/TotalCommitmentToDate";
    static final String SP_USED_COMMITMENT = "savingsPlan/UsedCommitment";
    static final String TAG_PREFIX = "resourceTags/user:";

    /** The CUR columns without which no row can be read; a header lacking one rejects the file. */
    static final List<String> MANDATORY = List.of(PAYER_ACCOUNT_ID, BILLING_PERIOD_START, BILLING_PERIOD_END,
            USAGE_START, USAGE_END, UNBLENDED_COST, CURRENCY, LINE_ITEM_TYPE);

    /** The FOCUS header every CUR record is turned into, in this order. */
    private static final List<String> FOCUS_NAMES = List.of(
            "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodStart",
            "BillingPeriodEnd", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency",
            "ChargePeriodStart", "ChargePeriodEnd", "ContractedCost", "EffectiveCost", "InvoiceIssuerName",
            "ListCost", "ListUnitPrice", "PricingQuantity", "PricingUnit", "ConsumedQuantity", "ConsumedUnit",
            "ProviderName", "PublisherName", "ServiceCategory", "ServiceName", "SubAccountId", "SubAccountName",
            "RegionId", "RegionName", "AvailabilityZone", "ResourceId", "SkuId", "CommitmentDiscountId",
            "CommitmentDiscountCategory", "InvoiceId", "Tags", "x_LineItemType", "x_UsageType", "x_Operation");
    private static final Map<String, Integer> SLOT = new HashMap<>();

    static {
        for (int i = 0; i < FOCUS_NAMES.size(); i++) {
            SLOT.put(FOCUS_NAMES.get(i), i);
        }
    }

    /** Which CUR column a FOCUS column's value is copied from (for naming CUR columns in problems). */
    private static final Map<String, String> COPIED_FROM = Map.ofEntries(
            Map.entry("BilledCost", UNBLENDED_COST), Map.entry("BillingAccountId", PAYER_ACCOUNT_ID),
            Map.entry("BillingCurrency", CURRENCY), Map.entry("BillingPeriodStart", BILLING_PERIOD_START),
            Map.entry("BillingPeriodEnd", BILLING_PERIOD_END), Map.entry("ChargePeriodStart", USAGE_START),
            Map.entry("ChargePeriodEnd", USAGE_END), Map.entry("ListCost", PUBLIC_ON_DEMAND_COST),
            Map.entry("ListUnitPrice", PUBLIC_ON_DEMAND_RATE), Map.entry("PricingQuantity", USAGE_AMOUNT),
            Map.entry("ConsumedQuantity", USAGE_AMOUNT), Map.entry("Tags", TAG_PREFIX + "*"));

    /** ServiceCategory by lineItem/ProductCode; anything else is Other. */
    private static final Map<String, String> SERVICE_CATEGORY = new HashMap<>();

    static {
        category("Compute", "AmazonEC2", "AWSLambda", "AmazonECS", "AmazonEKS", "AmazonLightsail", "AWSFargate",
                "AWSBatch", "ElasticMapReduce");
        category("Storage", "AmazonS3", "AmazonGlacier", "AmazonEFS", "AmazonFSx", "AWSBackup", "AmazonS3GlacierDeepArchive");
        category("Databases", "AmazonRDS", "AmazonDynamoDB", "AmazonRedshift", "AmazonElastiCache", "AmazonDocDB",
                "AmazonNeptune", "AmazonMemoryDB", "AmazonTimestream");
        category("Networking", "AmazonVPC", "AmazonCloudFront", "AmazonRoute53", "AWSDataTransfer", "AWSELB",
                "AmazonApiGateway", "AWSDirectConnect", "AWSGlobalAccelerator");
        category("Analytics", "AmazonAthena", "AmazonKinesis", "AmazonKinesisFirehose", "AWSGlue", "AmazonQuickSight",
                "AmazonES", "AmazonMSK");
        category("AI and Machine Learning", "AmazonSageMaker", "AmazonBedrock", "AmazonRekognition",
                "AmazonComprehend", "AmazonTextract");
        category("Management and Governance", "AmazonCloudWatch", "AWSCloudTrail", "AWSConfig", "AWSSystemsManager",
                "AWSCostExplorer");
        category("Security", "awskms", "AWSSecretsManager", "AmazonGuardDuty", "awswaf", "AWSSecurityHub",
                "AmazonInspectorV2");
        category("Integration", "AWSQueueService", "AmazonSNS", "AmazonSES", "AWSEvents", "AmazonStates");
        category("Developer Tools", "AWSCodeBuild", "AWSCodePipeline", "AWSCodeArtifact", "AWSXRay");
    }

    private static void category(String category, String... productCodes) {
        for (String code : productCodes) {
            SERVICE_CATEGORY.put(code.toLowerCase(Locale.ROOT), category);
        }
    }

    private final int width;
    private final Map<String, Integer> index; // lower-cased CUR name -> cell
    private final Map<String, String> spelled; // lower-cased CUR name -> name as the header spells it
    private final List<Integer> tagCells = new ArrayList<>();
    private final List<String> tagKeys = new ArrayList<>();
    private final List<ImportProblem> problems;
    private final FocusHeader focusHeader;

    private CurToFocus(String[] cells) {
        width = cells.length;
        index = new HashMap<>();
        spelled = new HashMap<>();
        List<ImportProblem> found = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            String name = cells[i].strip();
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            if (name.regionMatches(true, 0, TAG_PREFIX, 0, TAG_PREFIX.length())) {
                tagCells.add(i);
                tagKeys.add(name.substring(TAG_PREFIX.length()));
                continue;
            }
            String key = name.toLowerCase(Locale.ROOT);
            if (index.putIfAbsent(key, i) != null) {
                found.add(new ImportProblem(1, name, "column appears more than once in the header"));
            } else {
                spelled.put(key, name);
            }
        }
        for (String m : MANDATORY) {
            if (!has(m)) {
                found.add(new ImportProblem(1, m, "mandatory CUR column is missing from the header"));
            }
        }
        problems = List.copyOf(found);
        focusHeader = FocusHeader.of(FOCUS_NAMES.toArray(new String[0]));
    }

    /** Reads a CUR header record; problems (missing mandatory or repeated columns) are in {@link #problems()}. */
    public static CurToFocus of(String[] headerCells) {
        return new CurToFocus(headerCells);
    }

    /** Whether a header record is a CUR header: it names {@code lineItem/…} and {@code bill/…} columns. */
    public static boolean isCurHeader(String[] headerCells) {
        boolean lineItem = false;
        boolean bill = false;
        for (String c : headerCells) {
            String s = c.strip().toLowerCase(Locale.ROOT);
            if (s.startsWith("\uFEFF")) {
                s = s.substring(1);
            }
            lineItem |= s.startsWith("lineitem/");
            bill |= s.startsWith("bill/");
        }
        return lineItem && bill;
    }

    public List<ImportProblem> problems() {
        return problems;
    }

    /** The FOCUS header the adapted records follow (FOCUS 1.0 mandatory columns plus optional ones and x_ columns). */
    public FocusHeader focusHeader() {
        return focusHeader;
    }

    /** A CUR record as FOCUS values, or the problems (naming CUR columns) that keep it from being one. */
    public record Adapted(CsvRecordReader.CsvRecord focusRecord, String effectiveCostFrom,
            List<ImportProblem> problems) {
    }

    /** Turns one CUR record into the FOCUS record of {@link #focusHeader()}. */
    public Adapted adapt(CsvRecordReader.CsvRecord record, ImportWarnings warnings) {
        long line = record.line();
        String[] cur = record.fields();
        if (cur.length != width) {
            return new Adapted(null, null, List.of(new ImportProblem(line, null,
                    "record has " + cur.length + " fields but the header has " + width)));
        }
        List<ImportProblem> found = new ArrayList<>(0);
        String[] out = new String[FOCUS_NAMES.size()];
        String type = get(cur, LINE_ITEM_TYPE);
        String unblended = get(cur, UNBLENDED_COST);
        String productCode = get(cur, PRODUCT_CODE);

        set(out, "BilledCost", unblended);
        set(out, "BillingAccountId", get(cur, PAYER_ACCOUNT_ID));
        set(out, "BillingAccountName", get(cur, PAYER_ACCOUNT_NAME));
        set(out, "BillingCurrency", get(cur, CURRENCY));
        set(out, "BillingPeriodStart", get(cur, BILLING_PERIOD_START));
        set(out, "BillingPeriodEnd", get(cur, BILLING_PERIOD_END));
        set(out, "ChargeCategory", chargeCategory(type, line, warnings));
        set(out, "ChargeDescription", get(cur, DESCRIPTION));
        set(out, "ChargeFrequency", chargeFrequency(type));
        set(out, "ChargePeriodStart", get(cur, USAGE_START));
        set(out, "ChargePeriodEnd", get(cur, USAGE_END));
        String invoicing = get(cur, INVOICING_ENTITY);
        set(out, "InvoiceIssuerName", invoicing != null ? invoicing : "AWS");
        set(out, "ListCost", get(cur, PUBLIC_ON_DEMAND_COST));
        set(out, "ListUnitPrice", get(cur, PUBLIC_ON_DEMAND_RATE));
        set(out, "PricingQuantity", get(cur, USAGE_AMOUNT));
        set(out, "ConsumedQuantity", get(cur, USAGE_AMOUNT));
        set(out, "PricingUnit", get(cur, PRICING_UNIT));
        set(out, "ConsumedUnit", get(cur, PRICING_UNIT));
        set(out, "ProviderName", "AWS");
        set(out, "PublisherName", "AWS");
        set(out, "ServiceCategory", productCode == null ? "Other"
                : SERVICE_CATEGORY.getOrDefault(productCode.strip().toLowerCase(Locale.ROOT), "Other"));
        String productName = get(cur, PRODUCT_NAME);
        set(out, "ServiceName", productName != null ? productName : productCode);
        set(out, "SubAccountId", get(cur, USAGE_ACCOUNT_ID));
        set(out, "SubAccountName", get(cur, USAGE_ACCOUNT_NAME));
        set(out, "RegionId", get(cur, REGION));
        set(out, "RegionName", get(cur, LOCATION));
        set(out, "AvailabilityZone", get(cur, AVAILABILITY_ZONE));
        set(out, "ResourceId", get(cur, RESOURCE_ID));
        set(out, "SkuId", get(cur, SKU));
        String riArn = get(cur, RI_ARN);
        String spArn = get(cur, SP_ARN);
        if (spArn != null && type != null && type.startsWith("SavingsPlan")) {
            set(out, "CommitmentDiscountId", spArn);
            set(out, "CommitmentDiscountCategory", "Spend");
        } else if (riArn != null) {
            set(out, "CommitmentDiscountId", riArn);
            set(out, "CommitmentDiscountCategory", "Usage");
        }
        set(out, "InvoiceId", get(cur, INVOICE_ID));
        set(out, "Tags", tags(cur));
        set(out, "x_LineItemType", type);
        set(out, "x_UsageType", get(cur, USAGE_TYPE));
        set(out, "x_Operation", get(cur, OPERATION));

        String[] effective = effectiveCost(cur, type, unblended, riArn, line, warnings, found);
        set(out, "EffectiveCost", effective[0]);

        String[] cells = new String[out.length];
        for (int i = 0; i < out.length; i++) {
            cells[i] = out[i] == null ? "" : out[i];
        }
        return new Adapted(new CsvRecordReader.CsvRecord(line, cells), effective[1], List.copyOf(found));
    }

    /**
     * Names the CUR column a FOCUS-named problem of this record came from; {@code effectiveCostFrom} is the CUR
     * column EffectiveCost was copied from on that record (null when it was computed).
     */
    public ImportProblem toCur(ImportProblem p, String effectiveCostFrom) {
        if (p.column() == null) {
            return p;
        }
        String from = "EffectiveCost".equals(p.column()) ? effectiveCostFrom : COPIED_FROM.get(p.column());
        if (from == null) {
            return p;
        }
        String reason = p.reason();
        for (String period : List.of("ChargePeriodStart", "BillingPeriodStart")) {
            reason = reason.replace(period, spelling(COPIED_FROM.get(period)));
        }
        return new ImportProblem(p.line(), spelling(from), reason);
    }

    private String spelling(String curName) {
        return spelled.getOrDefault(curName.toLowerCase(Locale.ROOT), curName);
    }

    /** The amortized cost and the CUR column it was copied from (null when computed from several). */
    private String[] effectiveCost(String[] cur, String type, String unblended, String riArn, long line,
            ImportWarnings warnings, List<ImportProblem> found) {
        String[] asUnblended = {unblended, UNBLENDED_COST};
        if (type == null) {
            return asUnblended;
        }
        switch (type.strip()) {
            case "SavingsPlanCoveredUsage" -> {
                return copied(cur, SP_EFFECTIVE_COST, asUnblended, line, warnings);
            }
            case "DiscountedUsage" -> {
                return copied(cur, RI_EFFECTIVE_COST, asUnblended, line, warnings);
            }
            case "RIFee" -> {
                return sum(cur, RI_UNUSED_UPFRONT, RI_UNUSED_RECURRING, false, asUnblended, line, warnings, found);
            }
            case "SavingsPlanRecurringFee" -> {
                return sum(cur, SP_TOTAL_COMMITMENT, SP_USED_COMMITMENT, true, asUnblended, line, warnings, found);
            }
            case "SavingsPlanNegation", "SavingsPlanUpfrontFee" -> {
                // amortized away when the covered usage carries its savings-plan cost
                return zeroIfAmortized(SP_EFFECTIVE_COST, asUnblended, line, warnings);
            }
            case "Fee" -> {
                // a reservation's upfront fee is amortized into its DiscountedUsage; other fees are not
                return riArn == null ? asUnblended : zeroIfAmortized(RI_EFFECTIVE_COST, asUnblended, line, warnings);
            }
            default -> {
                return asUnblended;
            }
        }
    }

    private String[] copied(String[] cur, String column, String[] fallback, long line, ImportWarnings warnings) {
        if (!has(column)) {
            warnAbsent(column, line, warnings);
            return fallback;
        }
        String v = get(cur, column);
        if (v == null) {
            warnings.add(line, spelling(column), "is empty on a row that needs it; EffectiveCost is the unblended cost");
            return fallback;
        }
        return new String[] {v, column};
    }

    private String[] sum(String[] cur, String a, String b, boolean subtract, String[] fallback, long line,
            ImportWarnings warnings, List<ImportProblem> found) {
        if (!has(a) || !has(b)) {
            warnAbsent(has(a) ? b : a, line, warnings);
            return fallback;
        }
        String va = get(cur, a);
        String vb = get(cur, b);
        if (va == null && vb == null) {
            warnings.add(line, spelling(a), "is empty on a row that needs it; EffectiveCost is the unblended cost");
            return fallback;
        }
        BigDecimal da = number(va, a, line, found);
        BigDecimal db = number(vb, b, line, found);
        if (da == null || db == null) {
            return fallback; // the row is rejected; the problem names the CUR column
        }
        return new String[] {(subtract ? da.subtract(db) : da.add(db)).toPlainString(), null};
    }

    private String[] zeroIfAmortized(String column, String[] fallback, long line, ImportWarnings warnings) {
        if (!has(column)) {
            warnAbsent(column, line, warnings);
            return fallback;
        }
        return new String[] {"0", null};
    }

    private void warnAbsent(String column, long line, ImportWarnings warnings) {
        warnings.add(line, column, "amortization column is absent from the header; EffectiveCost is the unblended cost");
    }

    /** A number from an amortization column (empty is 0), or null with a problem naming the column. */
    private BigDecimal number(String v, String column, long line, List<ImportProblem> found) {
        if (v == null) {
            return BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(v.strip());
        } catch (NumberFormatException e) {
            found.add(new ImportProblem(line, spelling(column), "not a number: '"
                    + (v.length() <= 60 ? v : v.substring(0, 57) + "...") + "'"));
            return null;
        }
    }

    static String chargeCategory(String type, long line, ImportWarnings warnings) {
        String t = type == null ? "" : type.strip();
        switch (t) {
            case "Usage", "DiscountedUsage", "SavingsPlanCoveredUsage" -> {
                return "Usage";
            }
            case "Tax" -> {
                return "Tax";
            }
            case "Credit", "Refund", "SavingsPlanNegation" -> {
                return "Credit";
            }
            case "Fee", "RIFee", "SavingsPlanRecurringFee", "SavingsPlanUpfrontFee" -> {
                return "Purchase";
            }
            default -> {
                if (t.endsWith("Discount")) { // BundledDiscount, EdpDiscount, PrivateRateDiscount, Discount, ...
                    return "Credit";
                }
                warnings.add(line, LINE_ITEM_TYPE, "'" + t + "' is not a known line item type; ChargeCategory is "
                        + "Adjustment");
                return "Adjustment";
            }
        }
    }

    static String chargeFrequency(String type) {
        String t = type == null ? "" : type.strip();
        return switch (t) {
            case "Usage", "DiscountedUsage", "SavingsPlanCoveredUsage", "SavingsPlanNegation" -> "Usage-Based";
            case "RIFee", "SavingsPlanRecurringFee" -> "Recurring";
            default -> "One-Time";
        };
    }

    private String tags(String[] cur) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int k = 0; k < tagCells.size(); k++) {
            String v = cur[tagCells.get(k)];
            if (v != null && !FocusRowParser.isNull(v)) {
                tags.putIfAbsent(tagKeys.get(k), v);
            }
        }
        if (tags.isEmpty()) {
            return null;
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        tags.forEach(node::put);
        return node.toString();
    }

    private boolean has(String curName) {
        return index.containsKey(curName.toLowerCase(Locale.ROOT));
    }

    /** The cell of a CUR column, or null when the column is absent or the cell empty. */
    private String get(String[] cur, String curName) {
        Integer i = index.get(curName.toLowerCase(Locale.ROOT));
        if (i == null) {
            return null;
        }
        String v = cur[i];
        return FocusRowParser.isNull(v) ? null : v;
    }

    private static void set(String[] out, String focusName, String value) {
        out[SLOT.get(focusName)] = value;
    }

    /** The FOCUS column names of {@link #focusHeader()}, in order (for tests and docs). */
    static List<String> focusNames() {
        return FOCUS_NAMES;
    }

    /** Parses CUR records through {@link FocusRowParser}, naming CUR columns in every problem. */
    public final class Parser {
        private final FocusRowParser focus;
        private final ImportWarnings warnings;

        Parser(ImportWarnings warnings) {
            this.focus = new FocusRowParser(focusHeader, warnings);
            this.warnings = warnings;
        }

        public FocusRowParser.Outcome parse(CsvRecordReader.CsvRecord record) {
            Adapted a = adapt(record, warnings);
            if (a.focusRecord() == null) {
                return new FocusRowParser.Outcome(null, a.problems());
            }
            FocusRowParser.Outcome o = focus.parse(a.focusRecord());
            if (o.ok() && a.problems().isEmpty()) {
                return o;
            }
            List<ImportProblem> all = new ArrayList<>(a.problems());
            for (ImportProblem p : o.problems()) {
                ImportProblem mapped = toCur(p, a.effectiveCostFrom());
                boolean seen = false;
                for (ImportProblem q : all) {
                    seen |= q.line() == mapped.line() && java.util.Objects.equals(q.column(), mapped.column());
                }
                if (!seen) {
                    all.add(mapped);
                }
            }
            return new FocusRowParser.Outcome(null, List.copyOf(all));
        }
    }

    /** A parser of this file's records that records what it tolerated in {@code warnings}. */
    public Parser parser(ImportWarnings warnings) {
        return new Parser(warnings);
    }
}
