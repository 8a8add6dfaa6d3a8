package io.ledgerhouse.collect.files.engine;

import io.ledgerhouse.domain.FocusColumn;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The allowed values of FOCUS's enumerated columns, and the canonical spelling of each. Exports vary in case and in
 * spaces or hyphens ({@code Usage-based}, {@code usage based}); those variants are folded onto the spelling the
 * specification gives, so grouping and rules see one value.
 */
public final class FocusEnumerations {

    private static final Map<FocusColumn, List<String>> ALLOWED = new EnumMap<>(FocusColumn.class);
    private static final Map<FocusColumn, Map<String, String>> CANONICAL = new EnumMap<>(FocusColumn.class);

    static {
        ALLOWED.put(FocusColumn.CHARGE_CATEGORY, List.of("Usage", "Purchase", "Tax", "Credit", "Adjustment"));
        ALLOWED.put(FocusColumn.CHARGE_CLASS, List.of("Correction"));
        ALLOWED.put(FocusColumn.CHARGE_FREQUENCY, List.of("One-Time", "Recurring", "Usage-Based"));
        ALLOWED.put(FocusColumn.PRICING_CATEGORY, List.of("Standard", "Dynamic", "Committed", "Other"));
        ALLOWED.put(FocusColumn.COMMITMENT_DISCOUNT_CATEGORY, List.of("Spend", "Usage"));
        ALLOWED.put(FocusColumn.COMMITMENT_DISCOUNT_STATUS, List.of("Used", "Unused"));
        ALLOWED.put(FocusColumn.CAPACITY_RESERVATION_STATUS, List.of("Used", "Unused"));
        ALLOWED.put(FocusColumn.SERVICE_CATEGORY, List.of("AI and Machine Learning", "Analytics", "Business Applications",
                "Compute", "Databases", "Developer Tools", "Multicloud", "Identity", "Integration", "Internet of Things",
                "Management and Governance", "Media", "Migration", "Mobile", "Networking", "Security", "Storage", "Web",
                "Other"));
        for (Map.Entry<FocusColumn, List<String>> e : ALLOWED.entrySet()) {
            Map<String, String> m = new HashMap<>();
            for (String v : e.getValue()) {
                m.put(key(v), v);
            }
            CANONICAL.put(e.getKey(), m);
        }
    }

    private FocusEnumerations() {
    }

    /** Whether the column has an enumerated set of values. */
    public static boolean isEnumerated(FocusColumn column) {
        return CANONICAL.containsKey(column);
    }

    /** The canonical spelling of {@code value} in {@code column}, or null when it is not one of the allowed values. */
    public static String canonical(FocusColumn column, String value) {
        Map<String, String> m = CANONICAL.get(column);
        return m == null ? value : m.get(key(value));
    }

    private static String key(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != ' ' && c != '-' && c != '_') {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
