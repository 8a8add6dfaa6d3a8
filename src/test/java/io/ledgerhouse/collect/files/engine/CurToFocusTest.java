package io.ledgerhouse.collect.files.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.domain.ChargeRow;
import io.ledgerhouse.domain.FocusColumn;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CUR records read as FOCUS, on a small readable fixture. Every record of {@link #TABLE} is one CUR line item of the
 * same EC2 instance in September 2024 (account 111111111111 paying, 222222222222 using); the table gives the cells that
 * differ and, after {@code ||}, the ChargeCategory and EffectiveCost expected. Line 2 of the file is the table's first
 * row.
 */
class CurToFocusTest {

    private static final List<String> FIXED = List.of("identity/LineItemId", "bill/InvoiceId", "bill/PayerAccountId",
            "bill/BillingPeriodStartDate", "bill/BillingPeriodEndDate", "lineItem/UsageAccountId",
            "lineItem/UsageStartDate", "lineItem/UsageEndDate", "lineItem/ProductCode", "lineItem/UsageType",
            "lineItem/Operation", "lineItem/ResourceId", "lineItem/UsageAmount", "lineItem/CurrencyCode",
            "lineItem/LineItemDescription", "product/ProductName", "product/region", "product/sku", "pricing/unit",
            "pricing/publicOnDemandCost");
    private static final List<String> FIXED_VALUES = List.of("li-1", "inv-9", "111111111111",
            "2024-09-01T00:00:00Z", "2024-10-01T00:00:00Z", "222222222222",
            "2024-09-18T22:00:00Z", "2024-09-18T23:00:00Z", "AmazonEC2", "USW2-BoxUsage:m5.large",
            "RunInstances", "i-0abc", "1", "USD",
            "m5.large hour", "Amazon Elastic Compute Cloud", "us-west-2", "SKU123", "Hrs",
            "0.096");
    /** The columns the table varies, in table order. */
    private static final List<String> VARIED = List.of("lineItem/LineItemType", "lineItem/UnblendedCost",
            "reservation/ReservationARN", "reservation/EffectiveCost",
            "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod", "reservation/UnusedRecurringFee",
            "savingsPlan/SavingsPlanEffectiveCost", "savingsPlan/TotalCommitmentToDate", "savingsPlan/UsedCommitment",
            "resourceTags/user:team", "resourceTags/user:env");

    // line | LineItemType           | Unblended | RI ARN | RI Effective | RI unused upfront | RI unused recurring | SP Effective | SP total commitment | SP used commitment | team | env || category | effective
    private static final String TABLE = """
            Usage                   | 10.00   |      |      |      |      |      |       |       | data | prod || Usage      | 10.00
            DiscountedUsage         | 0       | ri-1 | 3.50 |      |      |      |       |       | data |      || Usage      | 3.50
            SavingsPlanCoveredUsage | 8.00    |      |      |      |      | 5.20 |       |       |      |      || Usage      | 5.20
            SavingsPlanNegation     | -8.00   |      |      |      |      |      |       |       |      |      || Credit     | 0
            SavingsPlanRecurringFee | 24.00   |      |      |      |      |      | 24.00 | 20.80 |      |      || Purchase   | 3.20
            RIFee                   | 12.00   | ri-1 |      | 1.00 | 0.50 |      |       |       |      |      || Purchase   | 1.50
            Fee                     | 100.00  | ri-1 |      |      |      |      |       |       |      |      || Purchase   | 0
            SavingsPlanUpfrontFee   | 50.00   |      |      |      |      |      |       |       |      |      || Purchase   | 0
            Fee                     | 5.00    |      |      |      |      |      |       |       |      |      || Purchase   | 5.00
            Tax                     | 2.00    |      |      |      |      |      |       |       |      |      || Tax        | 2.00
            Credit                  | -1.00   |      |      |      |      |      |       |       |      |      || Credit     | -1.00
            Refund                  | -0.50   |      |      |      |      |      |       |       |      |      || Credit     | -0.50
            EdpDiscount             | -0.30   |      |      |      |      |      |       |       |      |      || Credit     | -0.30
            BundledDiscount         | -0.10   |      |      |      |      |      |       |       |      |      || Credit     | -0.10
            SomethingNew            | 0.01    |      |      |      |      |      |       |       |      |      || Adjustment | 0.01
            """;

    private final ImportWarnings warnings = new ImportWarnings();

    @Test
    void everyLineItemTypeHasItsChargeCategoryAndAmortizedCost() throws IOException {
        List<String[]> table = table();
        List<FocusRowParser.Outcome> outcomes = parseAll(header(VARIED), table.stream().map(CurToFocusTest::row)
                .toList());
        for (int i = 0; i < table.size(); i++) {
            String[] t = table.get(i);
            FocusRowParser.Outcome o = outcomes.get(i);
            assertThat(o.problems()).as("line %d", i + 2).isEmpty();
            ChargeRow c = o.charge();
            assertThat(c.value(FocusColumn.CHARGE_CATEGORY)).as("%s category", t[0]).isEqualTo(t[11]);
            assertThat(c.effectiveCost()).as("%s effective cost", t[0]).isEqualByComparingTo(t[12]);
            assertThat(c.billedCost()).as("%s billed cost", t[0]).isEqualByComparingTo(t[1]);
            assertThat(c.extra()).contains("\"x_LineItemType\":\"" + t[0] + "\"");
        }
        assertThat(warnings.list()).singleElement().satisfies(w -> {
            assertThat(w.column()).isEqualTo("lineItem/LineItemType");
            assertThat(w.reason()).contains("SomethingNew").contains("Adjustment");
            assertThat(w.firstLine()).isEqualTo(16);
        });
        assertThat(outcomes.get(0).charge().value(FocusColumn.CHARGE_FREQUENCY)).isEqualTo("Usage-Based");
        assertThat(outcomes.get(4).charge().value(FocusColumn.CHARGE_FREQUENCY)).isEqualTo("Recurring");
        assertThat(outcomes.get(9).charge().value(FocusColumn.CHARGE_FREQUENCY)).isEqualTo("One-Time");
        assertThat(outcomes.get(1).charge().value(FocusColumn.COMMITMENT_DISCOUNT_ID)).isEqualTo("ri-1");
    }

    @Test
    void theCommonColumnsAreMappedToFocus() throws IOException {
        ChargeRow c = parseAll(header(VARIED), rows(row(table().get(0)))).get(0).charge();
        assertThat(c.billingAccountId()).isEqualTo("111111111111");
        assertThat(c.billingPeriodStart()).isEqualTo(Instant.parse("2024-09-01T00:00:00Z"));
        assertThat(c.value(FocusColumn.BILLING_PERIOD_END)).isEqualTo("2024-10-01T00:00:00Z");
        assertThat(c.chargePeriodStart()).isEqualTo(Instant.parse("2024-09-18T22:00:00Z"));
        assertThat(c.value(FocusColumn.CHARGE_PERIOD_END)).isEqualTo("2024-09-18T23:00:00Z");
        assertThat(c.billingCurrency()).isEqualTo("USD");
        assertThat(c.providerName()).isEqualTo("AWS");
        assertThat(c.value(FocusColumn.PUBLISHER_NAME)).isEqualTo("AWS");
        assertThat(c.value(FocusColumn.INVOICE_ISSUER_NAME)).isEqualTo("AWS");
        assertThat(c.value(FocusColumn.SERVICE_NAME)).isEqualTo("Amazon Elastic Compute Cloud");
        assertThat(c.value(FocusColumn.SERVICE_CATEGORY)).isEqualTo("Compute");
        assertThat(c.value(FocusColumn.SUB_ACCOUNT_ID)).isEqualTo("222222222222");
        assertThat(c.value(FocusColumn.REGION_ID)).isEqualTo("us-west-2");
        assertThat(c.value(FocusColumn.RESOURCE_ID)).isEqualTo("i-0abc");
        assertThat(c.value(FocusColumn.SKU_ID)).isEqualTo("SKU123");
        assertThat(c.value(FocusColumn.PRICING_UNIT)).isEqualTo("Hrs");
        assertThat(c.value(FocusColumn.PRICING_QUANTITY)).isEqualTo("1");
        assertThat(c.value(FocusColumn.CONSUMED_QUANTITY)).isEqualTo("1");
        assertThat(c.value(FocusColumn.LIST_COST)).isEqualTo("0.096");
        assertThat(c.value(FocusColumn.CHARGE_DESCRIPTION)).isEqualTo("m5.large hour");
        assertThat(c.value(FocusColumn.INVOICE_ID)).isEqualTo("inv-9");
        assertThat(c.extra()).isEqualTo("{\"x_LineItemType\":\"Usage\",\"x_UsageType\":\"USW2-BoxUsage:m5.large\","
                + "\"x_Operation\":\"RunInstances\"}");
        assertThat(warnings.list()).isEmpty();
    }

    @Test
    void theServiceFallsBackToTheProductCodeAndAnUnknownOneIsOther() throws IOException {
        String csv = String.join(",", FIXED) + ",lineItem/LineItemType,lineItem/UnblendedCost\n"
                + String.join(",", FIXED_VALUES).replace("AmazonEC2", "AWSNewThing")
                        .replace("Amazon Elastic Compute Cloud", "") + ",Usage,1.00\n";
        ChargeRow c = parse(csv).get(0).charge();
        assertThat(c.value(FocusColumn.SERVICE_NAME)).isEqualTo("AWSNewThing");
        assertThat(c.value(FocusColumn.SERVICE_CATEGORY)).isEqualTo("Other");
    }

    @Test
    void userTagsBecomeTheTagsObjectAndEmptyValuesAreMissing() throws IOException {
        List<String[]> table = table();
        List<FocusRowParser.Outcome> o = parseAll(header(VARIED), rows(row(table.get(0)), row(table.get(1)),
                row(table.get(2))));
        assertThat(o.get(0).charge().value(FocusColumn.TAGS)).isEqualTo("{\"team\":\"data\",\"env\":\"prod\"}");
        assertThat(o.get(1).charge().value(FocusColumn.TAGS)).as("empty env is no tag, not \"\"")
                .isEqualTo("{\"team\":\"data\"}");
        assertThat(o.get(1).charge().tagsNormalized()).isEqualTo("{\"team\":\"data\"}");
        assertThat(o.get(2).charge().value(FocusColumn.TAGS)).as("untagged").isNull();
        assertThat(o.get(2).charge().tagsNormalized()).isNull();
    }

    @Test
    void withoutAmortizationColumnsEffectiveCostIsUnblendedWithAWarning() throws IOException {
        List<String> varied = List.of("lineItem/LineItemType", "lineItem/UnblendedCost");
        ChargeRow c = parseAll(header(varied), rows(new String[] {"DiscountedUsage", "4.00"})).get(0).charge();
        assertThat(c.effectiveCost()).isEqualByComparingTo("4.00");
        assertThat(warnings.list()).singleElement().satisfies(w -> {
            assertThat(w.column()).isEqualTo("reservation/EffectiveCost");
            assertThat(w.reason()).contains("absent").contains("unblended");
        });
    }

    @Test
    void aBadNumberNamesTheCurColumnAndLine() throws IOException {
        List<String[]> table = table();
        String[] bad = table.get(0).clone(); // a Usage row: BilledCost and EffectiveCost both come from UnblendedCost
        bad[1] = "abc";
        String[] badFee = table.get(5).clone();
        badFee[5] = "1,5";
        String[] badDate = table.get(0).clone();
        List<FocusRowParser.Outcome> o = parseAll(header(VARIED),
                rows(row(table.get(0)), row(bad), row(badFee)));
        assertThat(o.get(0).ok()).isTrue();
        assertThat(o.get(1).problems()).as("BilledCost and EffectiveCost both come from it: named once")
                .containsExactly(new ImportProblem(3, "lineItem/UnblendedCost", "not a number: 'abc'"));
        assertThat(o.get(2).problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.column()).isEqualTo("reservation/UnusedRecurringFee");
            assertThat(p.reason()).contains("1,5");
        });

        String dates = csv(header(VARIED), rows(row(badDate))).replace("2024-09-18T22:00:00Z", "yesterday");
        assertThat(parse(dates).get(0).problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo("lineItem/UsageStartDate");
        });
        String reversed = csv(header(VARIED), rows(row(badDate))).replace("2024-09-18T23:00:00Z",
                "2024-09-18T21:00:00Z");
        assertThat(parse(reversed).get(0).problems()).singleElement().satisfies(p -> {
            assertThat(p.column()).isEqualTo("lineItem/UsageEndDate");
            assertThat(p.reason()).contains("before lineItem/UsageStartDate");
        });
    }

    @Test
    void aMissingMandatoryCurColumnIsNamed() {
        List<String> header = new ArrayList<>(header(VARIED));
        header.remove("lineItem/UnblendedCost");
        header.remove("bill/PayerAccountId");
        CurToFocus cur = CurToFocus.of(header.toArray(new String[0]));
        assertThat(cur.problems()).extracting(ImportProblem::line, ImportProblem::column).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(1L, "lineItem/UnblendedCost"),
                org.assertj.core.groups.Tuple.tuple(1L, "bill/PayerAccountId"));
        assertThat(cur.problems().get(0).reason()).contains("mandatory CUR column");
        assertThat(CurToFocus.of(header(VARIED).toArray(new String[0])).problems()).isEmpty();
        assertThat(CurToFocus.of(header(VARIED).toArray(new String[0])).focusHeader().problems())
                .as("the FOCUS header it produces is complete").isEmpty();
    }

    @Test
    void aRecordOfTheWrongWidthIsRejected() throws IOException {
        String csv = csv(header(VARIED), rows(row(table().get(0)))) + "1,2,3\n";
        FocusRowParser.Outcome o = parse(csv).get(1);
        assertThat(o.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).contains("3 fields");
        });
    }

    @Test
    void aCurHeaderIsRecognised() {
        assertThat(CurToFocus.isCurHeader(header(VARIED).toArray(new String[0]))).isTrue();
        assertThat(CurToFocus.isCurHeader(new String[] {"BilledCost", "BillingAccountId", "ChargePeriodStart"}))
                .isFalse();
    }

    // --- fixture ---

    private static List<String[]> table() {
        List<String[]> rows = new ArrayList<>();
        for (String line : TABLE.strip().split("\n")) {
            String[] halves = line.split("\\|\\|");
            String[] given = Arrays.stream(halves[0].split("\\|", -1)).map(String::strip).toArray(String[]::new);
            String[] expected = Arrays.stream(halves[1].split("\\|")).map(String::strip).toArray(String[]::new);
            String[] all = Arrays.copyOf(given, given.length + expected.length);
            System.arraycopy(expected, 0, all, given.length, expected.length);
            rows.add(all);
        }
        return rows;
    }

    private static List<String[]> rows(String[]... rows) {
        return Arrays.asList(rows);
    }

    private static List<String> header(List<String> varied) {
        List<String> h = new ArrayList<>(FIXED);
        h.addAll(varied);
        return h;
    }

    /** The CUR cells of a table row: the fixed values, then the varied cells (the expectations are dropped). */
    private static String[] row(String[] tableRow) {
        return Arrays.copyOf(tableRow, Math.min(tableRow.length, VARIED.size()));
    }

    private static String csv(List<String> header, List<String[]> varied) {
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (String[] v : varied) {
            sb.append(String.join(",", FIXED_VALUES));
            for (String cell : v) {
                sb.append(',').append(cell.contains(",") ? "\"" + cell + "\"" : cell);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private List<FocusRowParser.Outcome> parseAll(List<String> header, List<String[]> varied) throws IOException {
        return parse(csv(header, varied));
    }

    private List<FocusRowParser.Outcome> parse(String csv) throws IOException {
        CsvRecordReader reader = new CsvRecordReader(new StringReader(csv));
        CurToFocus cur = CurToFocus.of(reader.next().fields());
        assertThat(cur.problems()).isEmpty();
        CurToFocus.Parser parser = cur.parser(warnings);
        List<FocusRowParser.Outcome> out = new ArrayList<>();
        CsvRecordReader.CsvRecord r;
        while ((r = reader.next()) != null) {
            out.add(parser.parse(r));
        }
        return out;
    }
}
