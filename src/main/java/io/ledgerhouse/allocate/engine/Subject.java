package io.ledgerhouse.allocate.engine;

import java.util.Map;

/**
 * What a rule looks at: the attributes of a usage fact (a query) or of a charge. Absent attributes are null; a rule
 * that asks about an absent attribute does not match.
 */
public record Subject(String provider, String source, String account, String warehouse, String database,
        String schema, String user, String role, String service, String resourceId, QueryTag queryTag,
        Map<String, String> tags) {

    public Subject {
        queryTag = queryTag == null ? QueryTag.EMPTY : queryTag;
        tags = tags == null ? Map.of() : tags;
    }

    /** A Snowflake query on {@code warehouse}. */
    public static Subject query(String source, String account, String warehouse, String database, String schema,
            String user, String role, String queryTag) {
        return new Subject("Snowflake", source, account, warehouse, database, schema, user, role, null, null,
                QueryTag.parse(queryTag), Map.of());
    }

    /** The warehouse itself (for its owner: who carries its idle time). */
    public static Subject warehouse(String source, String account, String warehouse) {
        return new Subject("Snowflake", source, account, warehouse, null, null, null, null, null, null, null, null);
    }
}
