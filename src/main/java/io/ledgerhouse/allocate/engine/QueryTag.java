package io.ledgerhouse.allocate.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A Snowflake query tag read as key/value pairs, whichever way it was written: a JSON object (nested objects give
 * dotted keys, so dbt's metadata is reachable as {@code node_id} or {@code meta.team}), or {@code key=value} /
 * {@code key:value} pairs separated by {@code ;}, {@code ,}, {@code &} or spaces. Keys are lower-cased and trimmed;
 * values are kept as written, trimmed. Anything else (free text) has no pairs, only its raw text for regex rules.
 */
public record QueryTag(String raw, Map<String, String> pairs) {

    public static final QueryTag EMPTY = new QueryTag("", Map.of());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern PAIR = java.util.regex.Pattern.compile(
            "([\\w.\\-]+)\\s*[=:]\\s*([^;,&\\s]+)");

    public static QueryTag parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return EMPTY;
        }
        String s = raw.strip();
        Map<String, String> pairs = new LinkedHashMap<>();
        if (s.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(s);
                if (node != null && node.isObject()) {
                    flatten("", node, pairs);
                    return new QueryTag(raw, Map.copyOf(pairs));
                }
            } catch (JsonProcessingException notJson) {
                // free text that starts with a brace: read as pairs below
            }
        }
        java.util.regex.Matcher m = PAIR.matcher(s);
        while (m.find()) {
            pairs.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), m.group(2).strip());
        }
        return new QueryTag(raw, Map.copyOf(pairs));
    }

    public String get(String key) {
        return pairs.get(key.toLowerCase(Locale.ROOT));
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        node.fields().forEachRemaining(e -> {
            String key = e.getKey().strip().toLowerCase(Locale.ROOT);
            String full = prefix.isEmpty() ? key : prefix + "." + key;
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(full, v, out);
            } else if (v.isValueNode() && !v.isNull()) {
                out.putIfAbsent(full, v.asText().strip());
            }
        });
    }
}
