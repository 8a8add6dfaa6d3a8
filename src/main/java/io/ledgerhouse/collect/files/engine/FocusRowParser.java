package io.ledgerhouse.collect.files.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerhouse.domain.ChargeRow;
import io.ledgerhouse.domain.FocusColumn;
import io.ledgerhouse.domain.TagKeys;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one record of a FOCUS file into a {@link ChargeRow}, or into the list of reasons it cannot be stored.
 *
 * <p>Tolerated (and normalised): the literal {@code NULL} and empty strings as no value; timestamps without {@code T}
 * or zone (UTC); case and spacing variants of enumerated values; tag keys differing by case or surrounding spaces
 * (the original tags are kept, and a normalised copy is made for matching). Rejected, because storing them would
 * corrupt numbers: a cost or quantity that is not a number, a missing BilledCost or EffectiveCost, a missing or
 * unreadable period bound, a period that ends before it starts, a record whose field count differs from the header.
 */
public final class FocusRowParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FocusHeader header;
    private final ImportWarnings warnings;

    public FocusRowParser(FocusHeader header, ImportWarnings warnings) {
        this.header = header;
        this.warnings = warnings;
    }

    /** A parsed record: exactly one of {@code charge} and a non-empty {@code problems} is present. */
    public record Outcome(ChargeRow charge, List<ImportProblem> problems) {
        public boolean ok() {
            return charge != null;
        }
    }

    public Outcome parse(CsvRecordReader.CsvRecord record) {
        long line = record.line();
        String[] cells = record.fields();
        if (cells.length != header.width()) {
            return new Outcome(null, List.of(new ImportProblem(line, null,
                    "record has " + cells.length + " fields but the header has " + header.width())));
        }
        String[] values = new String[FocusColumn.values().length];
        List<ImportProblem> problems = null;
        ObjectNode extra = null;
        BigDecimal billed = null;
        BigDecimal effective = null;
        Instant billingStart = null;
        Instant billingEnd = null;
        Instant chargeStart = null;
        Instant chargeEnd = null;
        String tagsNormalized = null;

        for (int i = 0; i < cells.length; i++) {
            FocusColumn column = header.cellColumns[i];
            String raw = cells[i];
            boolean isNull = isNull(raw);
            if (column == null) {
                if (!isNull) {
                    if (extra == null) {
                        extra = JsonNodeFactory.instance.objectNode();
                    }
                    extra.put(header.cellNames[i], raw);
                }
                continue;
            }
            if (isNull) {
                continue;
            }
            switch (column.type) {
                case DECIMAL -> {
                    BigDecimal d = decimal(raw);
                    if (d == null) {
                        problems = add(problems, new ImportProblem(line, column.focusName,
                                "not a number: '" + abbreviate(raw) + "'"));
                    } else {
                        values[column.ordinal()] = d.toString();
                        if (column == FocusColumn.BILLED_COST) {
                            billed = d;
                        } else if (column == FocusColumn.EFFECTIVE_COST) {
                            effective = d;
                        }
                    }
                }
                case TIMESTAMP -> {
                    Instant t = FocusTimestamps.parse(raw.strip());
                    if (t == null) {
                        problems = add(problems, new ImportProblem(line, column.focusName,
                                "not a timestamp: '" + abbreviate(raw) + "'"));
                    } else {
                        values[column.ordinal()] = t.toString();
                        switch (column) {
                            case BILLING_PERIOD_START -> billingStart = t;
                            case BILLING_PERIOD_END -> billingEnd = t;
                            case CHARGE_PERIOD_START -> chargeStart = t;
                            case CHARGE_PERIOD_END -> chargeEnd = t;
                            default -> {
                            }
                        }
                    }
                }
                case JSON -> {
                    JsonNode node = json(raw);
                    if (node == null || !(node.isObject() || (column != FocusColumn.TAGS && node.isContainerNode()))) {
                        warnings.add(line, column.focusName, "not a JSON object; kept as text in extra");
                        if (extra == null) {
                            extra = JsonNodeFactory.instance.objectNode();
                        }
                        extra.put(header.cellNames[i], raw);
                    } else if (column == FocusColumn.TAGS) {
                        values[column.ordinal()] = node.toString();
                        tagsNormalized = normalizeTags((ObjectNode) node, line);
                    } else {
                        values[column.ordinal()] = node.toString();
                    }
                }
                case TEXT -> {
                    String v = raw;
                    if (FocusEnumerations.isEnumerated(column)) {
                        String canonical = FocusEnumerations.canonical(column, raw.strip());
                        if (canonical == null) {
                            warnings.add(line, column.focusName, "value '" + abbreviate(raw)
                                    + "' is not one of FOCUS's allowed values; kept as given");
                        } else {
                            v = canonical;
                        }
                    } else if (column == FocusColumn.BILLING_CURRENCY || column == FocusColumn.PRICING_CURRENCY) {
                        v = raw.strip().toUpperCase(Locale.ROOT);
                    }
                    values[column.ordinal()] = v;
                }
                default -> throw new IllegalStateException("unhandled column type " + column.type);
            }
        }

        problems = required(problems, line, values, FocusColumn.BILLED_COST);
        problems = required(problems, line, values, FocusColumn.EFFECTIVE_COST);
        problems = required(problems, line, values, FocusColumn.BILLING_CURRENCY);
        problems = required(problems, line, values, FocusColumn.BILLING_ACCOUNT_ID);
        problems = required(problems, line, values, FocusColumn.BILLING_PERIOD_START);
        problems = required(problems, line, values, FocusColumn.BILLING_PERIOD_END);
        problems = required(problems, line, values, FocusColumn.CHARGE_PERIOD_START);
        problems = required(problems, line, values, FocusColumn.CHARGE_PERIOD_END);
        if (chargeStart != null && chargeEnd != null && chargeEnd.isBefore(chargeStart)) {
            problems = add(problems, new ImportProblem(line, FocusColumn.CHARGE_PERIOD_END.focusName,
                    "ends (" + chargeEnd + ") before ChargePeriodStart (" + chargeStart + ")"));
        }
        if (billingStart != null && billingEnd != null && billingEnd.isBefore(billingStart)) {
            problems = add(problems, new ImportProblem(line, FocusColumn.BILLING_PERIOD_END.focusName,
                    "ends (" + billingEnd + ") before BillingPeriodStart (" + billingStart + ")"));
        }
        if (problems != null) {
            return new Outcome(null, problems);
        }
        return new Outcome(new ChargeRow(values, tagsNormalized, extra == null ? null : extra.toString(), billed,
                effective, values[FocusColumn.BILLING_CURRENCY.ordinal()], values[FocusColumn.PROVIDER_NAME.ordinal()],
                values[FocusColumn.BILLING_ACCOUNT_ID.ordinal()], billingStart, chargeStart), List.of());
    }

    private String normalizeTags(ObjectNode tags, long line) {
        ObjectNode norm = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = tags.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = TagKeys.normalize(e.getKey());
            JsonNode v = e.getValue();
            String text = v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
            if (norm.has(key)) {
                warnings.add(line, "Tags", "tag keys collide once normalised to '" + key + "'; the first is used");
                continue;
            }
            if (text == null) {
                norm.putNull(key);
            } else {
                norm.put(key, text);
            }
        }
        return norm.toString();
    }

    private static List<ImportProblem> required(List<ImportProblem> problems, long line, String[] values,
            FocusColumn column) {
        if (values[column.ordinal()] != null) {
            return problems;
        }
        if (problems != null) {
            for (ImportProblem p : problems) {
                if (column.focusName.equals(p.column())) {
                    return problems; // already reported as unreadable
                }
            }
        }
        return add(problems, new ImportProblem(line, column.focusName, "a value is required"));
    }

    private static List<ImportProblem> add(List<ImportProblem> problems, ImportProblem p) {
        List<ImportProblem> list = problems == null ? new ArrayList<>(2) : problems;
        list.add(p);
        return list;
    }

    static boolean isNull(String raw) {
        int n = raw.length();
        if (n == 0) {
            return true;
        }
        if (n <= 8) {
            String s = raw.strip();
            return s.isEmpty() || s.equalsIgnoreCase("NULL");
        }
        return raw.isBlank();
    }

    private static BigDecimal decimal(String raw) {
        String s = raw.strip();
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode json(String raw) {
        try {
            return JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
