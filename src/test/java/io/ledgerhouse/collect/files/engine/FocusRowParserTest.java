package io.ledgerhouse.collect.files.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.domain.ChargeRow;
import io.ledgerhouse.domain.FocusColumn;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Row parsing on small, readable FOCUS fixtures. The header below has the mandatory FOCUS 1.0 columns plus Tags and a
 * non-FOCUS column; each test varies one row.
 */
class FocusRowParserTest {

    private static final String HEADER = "BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,"
            + "BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,"
            + "ChargePeriodEnd,ChargePeriodStart,ContractedCost,EffectiveCost,InvoiceIssuerName,ListCost,"
            + "PricingQuantity,PricingUnit,ProviderName,PublisherName,ServiceCategory,ServiceName,Tags,Id";

    /** A valid row: 1.25 USD of AWS compute in September 2024, tagged. */
    private static final String GOOD = "1.25,acct-1,Acme,usd,2024-10-01 00:00:00,2024-09-01 00:00:00,usage,NULL,"
            + "EC2 hours,Usage-based,2024-09-18 23:00:00,2024-09-18 22:00:00,NULL,1.10,AWS,1.40,1,Hours,AWS,AWS,"
            + "compute,EC2,\"{\"\" Environment\"\": \"\"prod\"\", \"\"team\"\": \"\"data\"\"}\",42";

    private final ImportWarnings warnings = new ImportWarnings();

    @Test
    void aGoodRowIsNormalised() throws IOException {
        FocusRowParser.Outcome o = parse(GOOD);
        assertThat(o.problems()).isEmpty();
        ChargeRow c = o.charge();
        assertThat(c.billedCost()).isEqualByComparingTo("1.25");
        assertThat(c.effectiveCost()).isEqualByComparingTo("1.10");
        assertThat(c.billingCurrency()).isEqualTo("USD");
        assertThat(c.value(FocusColumn.CHARGE_CATEGORY)).isEqualTo("Usage");
        assertThat(c.value(FocusColumn.CHARGE_FREQUENCY)).isEqualTo("Usage-Based");
        assertThat(c.value(FocusColumn.SERVICE_CATEGORY)).isEqualTo("Compute");
        assertThat(c.value(FocusColumn.CHARGE_CLASS)).as("literal NULL").isNull();
        assertThat(c.value(FocusColumn.CONTRACTED_COST)).as("NULL cost that is optional").isNull();
        assertThat(c.chargePeriodStart()).isEqualTo(Instant.parse("2024-09-18T22:00:00Z"));
        assertThat(c.value(FocusColumn.CHARGE_PERIOD_END)).isEqualTo("2024-09-18T23:00:00Z");
        assertThat(c.value(FocusColumn.TAGS)).contains("\" Environment\"");
        assertThat(c.tagsNormalized()).isEqualTo("{\"environment\":\"prod\",\"team\":\"data\"}");
        assertThat(c.extra()).isEqualTo("{\"Id\":\"42\"}");
        assertThat(warnings.list()).isEmpty();
    }

    @Test
    void collidingTagKeysKeepTheFirstAndWarn() throws IOException {
        String row = GOOD.replace("\"\"team\"\": \"\"data\"\"", "\"\"environment \"\": \"\"dev\"\"");
        ChargeRow c = parse(row).charge();
        assertThat(c.tagsNormalized()).isEqualTo("{\"environment\":\"prod\"}");
        assertThat(warnings.list()).singleElement()
                .satisfies(w -> assertThat(w.reason()).contains("collide"));
    }

    @Test
    void aCostThatIsNotANumberIsAProblemNamingLineAndColumn() throws IOException {
        FocusRowParser.Outcome o = parse(GOOD.replaceFirst("^1\\.25", "abc"));
        assertThat(o.charge()).isNull();
        assertThat(o.problems()).containsExactly(new ImportProblem(2, "BilledCost", "not a number: 'abc'"));
    }

    @Test
    void aMissingBilledCostIsAProblem() throws IOException {
        FocusRowParser.Outcome o = parse(GOOD.replaceFirst("^1\\.25", "NULL"));
        assertThat(o.problems()).containsExactly(new ImportProblem(2, "BilledCost", "a value is required"));
    }

    @Test
    void aPeriodEndingBeforeItStartsIsAProblem() throws IOException {
        FocusRowParser.Outcome o = parse(GOOD.replace("2024-09-18 23:00:00", "2024-09-18 21:00:00"));
        assertThat(o.problems()).singleElement()
                .satisfies(p -> assertThat(p.column()).isEqualTo("ChargePeriodEnd"));
    }

    @Test
    void anUnknownEnumerationValueIsKeptWithAWarning() throws IOException {
        ChargeRow c = parse(GOOD.replace(",usage,", ",Refund,")).charge();
        assertThat(c.value(FocusColumn.CHARGE_CATEGORY)).isEqualTo("Refund");
        assertThat(warnings.list()).singleElement()
                .satisfies(w -> assertThat(w.column()).isEqualTo("ChargeCategory"));
    }

    @Test
    void tagsThatAreNotJsonAreKeptInExtraWithAWarning() throws IOException {
        String row = GOOD.replaceAll("\"\\{.*\\}\"", "env=prod");
        ChargeRow c = parse(row).charge();
        assertThat(c.value(FocusColumn.TAGS)).isNull();
        assertThat(c.tagsNormalized()).isNull();
        assertThat(c.extra()).contains("\"Tags\":\"env=prod\"");
        assertThat(warnings.list()).hasSize(1);
    }

    @Test
    void decimalsKeepEveryDigit() throws IOException {
        ChargeRow c = parse(GOOD.replaceFirst("^1\\.25", "0.00000080000")).charge();
        assertThat(c.billedCost()).isEqualTo(new BigDecimal("0.00000080000"));
        assertThat(c.value(FocusColumn.BILLED_COST)).isEqualTo("8.0000E-7");
    }

    @Test
    void aMissingMandatoryColumnIsAHeaderProblem() {
        FocusHeader header = FocusHeader.of(HEADER.replace("BilledCost,", "").split(","));
        assertThat(header.problems()).containsExactly(
                new ImportProblem(1, "BilledCost", "mandatory FOCUS column is missing from the header"));
    }

    @Test
    void theVersionFollowsTheNewestColumnsPresent() {
        assertThat(FocusHeader.of(HEADER.split(",")).version()).isEqualTo("1.0");
        assertThat(FocusHeader.of((HEADER + ",SkuMeter").split(",")).version()).isEqualTo("1.1");
        assertThat(FocusHeader.of((HEADER + ",ServiceSubcategory,PricingCurrency").split(",")).version())
                .isEqualTo("1.2");
    }

    private FocusRowParser.Outcome parse(String row) throws IOException {
        CsvRecordReader reader = new CsvRecordReader(new StringReader(HEADER + "\n" + row + "\n"));
        FocusHeader header = FocusHeader.of(reader.next().fields());
        assertThat(header.problems()).isEmpty();
        List<ImportProblem> none = List.of();
        FocusRowParser.Outcome o = new FocusRowParser(header, warnings).parse(reader.next());
        assertThat(o.ok()).isEqualTo(o.problems().equals(none));
        return o;
    }
}
