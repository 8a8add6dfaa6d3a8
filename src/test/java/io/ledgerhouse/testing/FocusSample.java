package io.ledgerhouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The real FOCUS 1.0 sample in {@code ../shared/data/focus}, and figures computed from it independently of the code
 * under test (Jackson's CSV parser, plain BigDecimal sums), to check what the API reports.
 */
public final class FocusSample {

    public static final String NO_VALUE = "(none)";

    private FocusSample() {
    }

    public static Path path() {
        Path shared = Path.of(System.getProperty("ledgerhouse.shared-dir", "../shared"), "data", "focus",
                "focus10_sample_1000.csv");
        if (Files.exists(shared)) {
            return shared;
        }
        return Path.of("src/main/resources/sample/focus10_sample_1000.csv");
    }

    public static byte[] bytes() {
        try {
            return Files.readAllBytes(path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's rows as column name → text. */
    public static List<Map<String, String>> rows() {
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(path().toFile())) {
            return it.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Exact sum of a cost column over the rows, grouped by {@code key} (rows without a value under {@link #NO_VALUE}). */
    public static Map<String, BigDecimal> sumBy(List<Map<String, String>> rows, String column,
            java.util.function.Function<Map<String, String>, String> key) {
        Map<String, BigDecimal> out = new TreeMap<>();
        for (Map<String, String> r : rows) {
            String v = r.get(column);
            BigDecimal amount = v == null || v.isBlank() || v.equalsIgnoreCase("NULL") ? BigDecimal.ZERO : new BigDecimal(v);
            String k = key.apply(r);
            out.merge(k == null ? NO_VALUE : k, amount, BigDecimal::add);
        }
        return out;
    }

    /** The value of a tag, matching its key trimmed and case-folded, first occurrence first. */
    public static String tag(Map<String, String> row, String normalizedKey) {
        String tags = row.get("Tags");
        if (tags == null || tags.isBlank() || tags.equalsIgnoreCase("NULL")) {
            return null;
        }
        try {
            JsonNode node = new ObjectMapper().readTree(tags);
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().strip().toLowerCase(Locale.ROOT).equals(normalizedKey)) {
                    return e.getValue().isNull() ? null : e.getValue().asText();
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample with one cell replaced: {@code line} is the physical line (header is line 1; no multi-line cells). */
    public static String withCell(int line, String column, String value) {
        List<String> lines = new ArrayList<>(List.of(new String(bytes(), java.nio.charset.StandardCharsets.UTF_8)
                .split("\n", -1)));
        String[] header = lines.get(0).split(",", -1);
        int index = -1;
        for (int i = 0; i < header.length; i++) {
            if (header[i].replace("\"", "").equals(column)) {
                index = i;
            }
        }
        List<String> cells = splitCsvLine(lines.get(line - 1));
        cells.set(index, value);
        lines.set(line - 1, String.join(",", cells));
        return String.join("\n", lines);
    }

    private static List<String> splitCsvLine(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                cur.append(c);
            } else if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
