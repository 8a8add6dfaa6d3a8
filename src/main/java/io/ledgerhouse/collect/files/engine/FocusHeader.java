package io.ledgerhouse.collect.files.engine;

import io.ledgerhouse.domain.FocusColumn;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a FOCUS file's header says: which cell holds which {@link FocusColumn}, which cells are extra (kept verbatim),
 * which FOCUS version the columns point to, and what is missing.
 */
public final class FocusHeader {

    private static final Set<FocusColumn> SINCE_1_1 = EnumSet.of(FocusColumn.CAPACITY_RESERVATION_ID,
            FocusColumn.CAPACITY_RESERVATION_STATUS, FocusColumn.COMMITMENT_DISCOUNT_QUANTITY,
            FocusColumn.COMMITMENT_DISCOUNT_UNIT, FocusColumn.SERVICE_SUBCATEGORY, FocusColumn.SKU_METER,
            FocusColumn.SKU_PRICE_DETAILS);
    private static final Set<FocusColumn> SINCE_1_2 = EnumSet.of(FocusColumn.BILLING_ACCOUNT_TYPE,
            FocusColumn.SUB_ACCOUNT_TYPE, FocusColumn.INVOICE_ID, FocusColumn.PRICING_CURRENCY,
            FocusColumn.PRICING_CURRENCY_CONTRACTED_UNIT_PRICE, FocusColumn.PRICING_CURRENCY_EFFECTIVE_COST,
            FocusColumn.PRICING_CURRENCY_LIST_UNIT_PRICE);

    /** For each cell of the header, its column, or null for an extra column. */
    final FocusColumn[] cellColumns;
    /** The header text of each cell, trimmed. */
    final String[] cellNames;
    private final List<ImportProblem> problems;
    private final String version;

    private FocusHeader(FocusColumn[] cellColumns, String[] cellNames, List<ImportProblem> problems, String version) {
        this.cellColumns = cellColumns;
        this.cellNames = cellNames;
        this.problems = problems;
        this.version = version;
    }

    /** Reads a header record; problems (missing mandatory or repeated columns) are in {@link #problems()}. */
    public static FocusHeader of(String[] cells) {
        FocusColumn[] columns = new FocusColumn[cells.length];
        String[] names = new String[cells.length];
        Set<FocusColumn> seen = EnumSet.noneOf(FocusColumn.class);
        List<ImportProblem> problems = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            names[i] = cells[i].strip();
            FocusColumn c = FocusColumn.forHeader(names[i]);
            if (c != null && !seen.add(c)) {
                problems.add(new ImportProblem(1, names[i], "column appears more than once in the header"));
                c = null;
            }
            columns[i] = c;
        }
        for (FocusColumn c : FocusColumn.values()) {
            if (c.mandatory && !seen.contains(c)) {
                problems.add(new ImportProblem(1, c.focusName, "mandatory FOCUS column is missing from the header"));
            }
        }
        String version = "1.0";
        if (seen.stream().anyMatch(SINCE_1_2::contains)) {
            version = "1.2";
        } else if (seen.stream().anyMatch(SINCE_1_1::contains)) {
            version = "1.1";
        }
        return new FocusHeader(columns, names, List.copyOf(problems), version);
    }

    public List<ImportProblem> problems() {
        return problems;
    }

    /** The FOCUS version the header's columns point to ("1.0", "1.1" or "1.2"): the newest whose columns appear. */
    public String version() {
        return version;
    }

    public int width() {
        return cellColumns.length;
    }
}
