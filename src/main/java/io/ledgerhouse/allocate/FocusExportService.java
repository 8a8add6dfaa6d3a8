package io.ledgerhouse.allocate;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.allocate.engine.Shares;
import io.ledgerhouse.domain.CsvCells;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The month's allocated rows as a FOCUS 1.0 CSV: one row per allocation share (a charge's part for one team, workload,
 * category and method), carrying the charge's FOCUS columns with BilledCost the share itself and the charge's other
 * amounts and quantities (EffectiveCost, ListCost, PricingQuantity, ConsumedQuantity) split in the same proportions
 * with largest remainders, so every column still sums to the charge. Who got the share is in {@code x_Team},
 * {@code x_Workload}, {@code x_CostCenter}, {@code x_AllocationCategory} and {@code x_AllocationMethod}; empty
 * {@code x_Team} is the idle or unallocated line. Rows are streamed straight from the store.
 */
@ApplicationScoped
public class FocusExportService {

    static final String HEADER = "BillingAccountId,BillingAccountName,BillingPeriodStart,BillingPeriodEnd,"
            + "ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ChargeClass,ChargeDescription,ProviderName,"
            + "PublisherName,InvoiceIssuerName,ServiceCategory,ServiceName,SubAccountId,SubAccountName,RegionId,"
            + "ResourceId,ResourceName,SkuId,PricingUnit,PricingQuantity,ConsumedUnit,ConsumedQuantity,"
            + "BillingCurrency,BilledCost,EffectiveCost,ListCost,Tags,x_Source,x_ChargeId,x_Team,x_Workload,"
            + "x_CostCenter,x_AllocationCategory,x_AllocationMethod,x_AllocationRuleId,x_AllocationRuleVersion,"
            + "x_Warehouse\n";

    /** Charge columns copied as they are, in header order up to PricingUnit. */
    private static final String[] TEXT = {"billing_account_id", "billing_account_name", "billing_period_start",
        "billing_period_end", "charge_period_start", "charge_period_end", "charge_category", "charge_class",
        "charge_description", "provider_name", "publisher_name", "invoice_issuer_name", "service_category",
        "service_name", "sub_account_id", "sub_account_name", "region_id", "resource_id", "resource_name", "sku_id",
        "pricing_unit"};
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

    @Inject
    AgroalDataSource dataSource;

    /** Writes the export of {@code month} (every source) to {@code out}. */
    public void write(YearMonth month, OutputStream out) throws IOException {
        write(month, out, null);
    }

    /**
     * As {@link #write(YearMonth, OutputStream)}, with only the rows of {@code teams} (null: every row). A charge's
     * amounts are still split over all its shares, so a team's rows carry its part and never the whole charge's.
     */
    public void write(YearMonth month, OutputStream out, java.util.Set<String> teams) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(HEADER);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // the driver streams rows through a cursor only inside a transaction
            try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ch.", prefixed(TEXT))
                    + ", ch.pricing_quantity, ch.consumed_unit, ch.consumed_quantity, ch.billing_currency, "
                    + "ch.billed_cost, ch.effective_cost, ch.list_cost, ch.tags::text, so.name, a.charge_id, a.team, "
                    + "a.workload, a.cost_center, a.category, a.method, a.rule_id, a.rule_version, a.warehouse, "
                    + "a.amount FROM allocation a JOIN charge ch ON ch.id = a.charge_id "
                    + "AND ch.charge_period_start = a.charge_period_start JOIN source so ON so.id = a.source_id "
                    + "WHERE a.month = ? ORDER BY a.source_id, a.charge_id, a.team NULLS LAST, a.workload NULLS LAST, "
                    + "a.category, a.method, a.rule_id NULLS LAST, a.rule_version NULLS LAST")) {
                ps.setObject(1, month.atDay(1));
                ps.setFetchSize(5_000);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Row> charge = new ArrayList<>();
                    while (rs.next()) {
                        Row r = Row.read(rs);
                        if (!charge.isEmpty() && charge.get(0).chargeId != r.chargeId) {
                            flush(charge, w, teams);
                            charge.clear();
                        }
                        charge.add(r);
                    }
                    flush(charge, w, teams);
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The FOCUS export of " + month + " failed: " + e.getMessage(), e);
        }
        w.flush();
    }

    private static String[] prefixed(String[] columns) {
        String[] out = columns.clone();
        out[0] = "ch." + out[0];
        return out;
    }

    private static final class Row {
        String[] text;
        BigDecimal pricingQuantity;
        String consumedUnit;
        BigDecimal consumedQuantity;
        String currency;
        BigDecimal billed;
        BigDecimal effective;
        BigDecimal list;
        String tags;
        String source;
        long chargeId;
        String[] allocation;
        BigDecimal amount;

        static Row read(ResultSet rs) throws SQLException {
            Row r = new Row();
            r.text = new String[TEXT.length];
            for (int i = 0; i < TEXT.length; i++) {
                Object v = rs.getObject(i + 1);
                r.text[i] = v instanceof Timestamp t ? ISO.format(t.toInstant())
                        : v instanceof java.time.OffsetDateTime o ? ISO.format(o.toInstant())
                        : v == null ? null : v.toString();
            }
            int i = TEXT.length + 1;
            r.pricingQuantity = rs.getBigDecimal(i++);
            r.consumedUnit = rs.getString(i++);
            r.consumedQuantity = rs.getBigDecimal(i++);
            r.currency = rs.getString(i++);
            r.billed = rs.getBigDecimal(i++);
            r.effective = rs.getBigDecimal(i++);
            r.list = rs.getBigDecimal(i++);
            r.tags = rs.getString(i++);
            r.source = rs.getString(i++);
            r.chargeId = rs.getLong(i++);
            r.allocation = new String[8];
            for (int k = 0; k < 8; k++) {
                r.allocation[k] = rs.getString(i++);
            }
            r.amount = rs.getBigDecimal(i);
            return r;
        }
    }

    /** Writes one charge's shares, splitting its other amounts in the shares' proportions. */
    private static void flush(List<Row> rows, Writer w, java.util.Set<String> teams) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        Row first = rows.get(0);
        List<BigDecimal> weights = rows.stream().map(r -> r.amount.abs()).toList();
        int scale = rows.stream().mapToInt(r -> r.amount.stripTrailingZeros().scale()).max().orElse(0);
        BigDecimal[] pricing = split(first.pricingQuantity, weights, scale);
        BigDecimal[] consumed = split(first.consumedQuantity, weights, scale);
        BigDecimal[] effective = split(first.effective, weights, scale);
        BigDecimal[] list = split(first.list, weights, scale);
        StringBuilder b = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            Row r = rows.get(n);
            if (teams != null && (r.allocation[0] == null || !teams.contains(r.allocation[0]))) {
                continue;
            }
            b.setLength(0);
            for (String t : r.text) {
                b.append(CsvCells.cell(t)).append(',');
            }
            b.append(plain(pricing[n])).append(',').append(CsvCells.cell(r.consumedUnit)).append(',')
                    .append(plain(consumed[n])).append(',').append(CsvCells.cell(r.currency)).append(',')
                    .append(r.amount.toPlainString()).append(',').append(plain(effective[n])).append(',')
                    .append(plain(list[n])).append(',').append(CsvCells.cell(r.tags)).append(',')
                    .append(CsvCells.cell(r.source)).append(',').append(r.chargeId);
            for (String a : r.allocation) {
                b.append(',').append(CsvCells.cell(a));
            }
            w.write(b.append('\n').toString());
        }
    }

    /** {@code whole} in the shares' proportions, at its own scale or the shares' if finer. */
    private static BigDecimal[] split(BigDecimal whole, List<BigDecimal> weights, int sharesScale) {
        if (whole == null) {
            return new BigDecimal[weights.size()];
        }
        return Shares.split(whole, weights, Math.max(0, Math.max(sharesScale, whole.stripTrailingZeros().scale())));
    }

    private static String plain(BigDecimal v) {
        return v == null ? "" : v.toPlainString();
    }
}
