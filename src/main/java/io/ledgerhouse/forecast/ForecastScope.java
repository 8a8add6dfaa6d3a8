package io.ledgerhouse.forecast;

import io.ledgerhouse.domain.InvalidParameterException;
import java.util.Locale;

/**
 * What a forecast is of: {@code total}, {@code provider:AWS}, {@code source:snowflake-prod}, {@code team:growth},
 * {@code workload:growth/dashboards} or {@code warehouse:snowflake-prod/BI_WH}.
 */
public record ForecastScope(Kind kind, String value) {

    public enum Kind {
        TOTAL, PROVIDER, SOURCE, TEAM, WORKLOAD, WAREHOUSE
    }

    public static ForecastScope parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidParameterException("scope", "'scope' is required: total, provider:<name>, "
                    + "source:<name>, team:<name>, workload:<team>/<workload> or warehouse:<source>/<warehouse>");
        }
        String t = text.strip();
        if (t.equalsIgnoreCase("total")) {
            return new ForecastScope(Kind.TOTAL, null);
        }
        int colon = t.indexOf(':');
        Kind kind = null;
        if (colon > 0) {
            try {
                kind = Kind.valueOf(t.substring(0, colon).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                kind = null;
            }
        }
        String value = colon > 0 ? t.substring(colon + 1).strip() : "";
        if (kind == null || kind == Kind.TOTAL || value.isEmpty()) {
            throw new InvalidParameterException("scope", "'" + text + "' is not a scope: use total, provider:<name>, "
                    + "source:<name>, team:<name>, workload:<team>/<workload> or warehouse:<source>/<warehouse>");
        }
        if ((kind == Kind.WORKLOAD || kind == Kind.WAREHOUSE) && value.split("/", -1).length != 2) {
            throw new InvalidParameterException("scope", "'" + text + "': a " + kind.name().toLowerCase(Locale.ROOT)
                    + " scope is " + (kind == Kind.WORKLOAD ? "workload:<team>/<workload>"
                            : "warehouse:<source>/<warehouse>"));
        }
        return new ForecastScope(kind, value);
    }

    /** The canonical text: {@code total} or {@code kind:value}. */
    public String text() {
        return kind == Kind.TOTAL ? "total" : kind.name().toLowerCase(Locale.ROOT) + ":" + value;
    }

    /** The team a team or workload scope belongs to; null for the others. */
    public String team() {
        return kind == Kind.TEAM ? value : kind == Kind.WORKLOAD ? first() : null;
    }

    String first() {
        return value.split("/", 2)[0];
    }

    String second() {
        return value.split("/", 2)[1];
    }
}
