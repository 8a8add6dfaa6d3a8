package io.ledgerhouse.allocate.engine;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The conditions of a rule; every condition given must hold. Text conditions compare case-insensitively and accept
 * {@code *} as a wildcard ({@code BI_*}); {@code queryTagRegex} and {@code tagValueRegex} are regular expressions
 * (found anywhere in the value). {@code queryTagKey} with {@code queryTagValue} matches a key of a JSON or
 * key=value query tag ({@code {"team":"x"}}, {@code team=x}, dbt's {@code node_id}); a value of {@code *} only asks
 * for the key. {@code tagKey} with {@code tagValue} / {@code tagValueRegex} does the same for FOCUS / AWS tags and
 * BigQuery labels (keys normalised: trimmed, lower case).
 */
public record Match(String provider, String source, String account, String warehouse, String database, String schema,
        String user, String role, String service, String resourceId, String queryTagRegex, String queryTagKey,
        String queryTagValue, String tagKey, String tagValue, String tagValueRegex) {

    /** Builds a match condition by condition. */
    public static final class Builder {
        private String provider;
        private String source;
        private String account;
        private String warehouse;
        private String database;
        private String schema;
        private String user;
        private String role;
        private String service;
        private String resourceId;
        private String queryTagRegex;
        private String queryTagKey;
        private String queryTagValue;
        private String tagKey;
        private String tagValue;
        private String tagValueRegex;

        public Builder provider(String value) {
            this.provider = value;
            return this;
        }

        public Builder source(String value) {
            this.source = value;
            return this;
        }

        public Builder account(String value) {
            this.account = value;
            return this;
        }

        public Builder warehouse(String value) {
            this.warehouse = value;
            return this;
        }

        public Builder database(String value) {
            this.database = value;
            return this;
        }

        public Builder schema(String value) {
            this.schema = value;
            return this;
        }

        public Builder user(String value) {
            this.user = value;
            return this;
        }

        public Builder role(String value) {
            this.role = value;
            return this;
        }

        public Builder service(String value) {
            this.service = value;
            return this;
        }

        public Builder resourceId(String value) {
            this.resourceId = value;
            return this;
        }

        public Builder queryTagRegex(String value) {
            this.queryTagRegex = value;
            return this;
        }

        public Builder queryTagKey(String value) {
            this.queryTagKey = value;
            return this;
        }

        public Builder queryTagValue(String value) {
            this.queryTagValue = value;
            return this;
        }

        public Builder tagKey(String value) {
            this.tagKey = value;
            return this;
        }

        public Builder tagValue(String value) {
            this.tagValue = value;
            return this;
        }

        public Builder tagValueRegex(String value) {
            this.tagValueRegex = value;
            return this;
        }

        public Match build() {
            return new Match(provider, source, account, warehouse, database, schema, user, role, service, resourceId, queryTagRegex, queryTagKey, queryTagValue, tagKey, tagValue, tagValueRegex);
        }
    }

    /** Compiled form, built once per rule version. */
    public Compiled compile() {
        return new Compiled(this);
    }

    /** Problems with the conditions (empty when valid), each naming the field. */
    public java.util.List<String> problems() {
        java.util.List<String> out = new java.util.ArrayList<>();
        java.util.stream.Stream.of(provider, source, account, warehouse, database, schema, user, role, service,
                resourceId, queryTagRegex, queryTagKey, tagKey).filter(Objects::nonNull).findAny()
                .ifPresentOrElse(x -> { }, () -> out.add("match: at least one condition is required"));
        regex("queryTagRegex", queryTagRegex, out);
        regex("tagValueRegex", tagValueRegex, out);
        if (queryTagValue != null && queryTagKey == null) {
            out.add("match.queryTagValue: needs queryTagKey");
        }
        if ((tagValue != null || tagValueRegex != null) && tagKey == null) {
            out.add("match.tagValue: needs tagKey");
        }
        return out;
    }

    private static void regex(String field, String value, java.util.List<String> out) {
        if (value == null) {
            return;
        }
        try {
            Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            out.add("match." + field + ": not a valid regular expression: " + e.getDescription());
        }
    }

    /** A match ready to test subjects quickly. */
    public static final class Compiled {
        private final Pattern[] text;
        private final String[] fields;
        private final Pattern queryTagRegex;
        private final String queryTagKey;
        private final Pattern queryTagValue;
        private final String tagKey;
        private final Pattern tagValue;
        private final Pattern tagValueRegex;

        Compiled(Match m) {
            fields = new String[] {m.provider, m.source, m.account, m.warehouse, m.database, m.schema, m.user, m.role,
                m.service, m.resourceId};
            text = new Pattern[fields.length];
            for (int i = 0; i < fields.length; i++) {
                text[i] = fields[i] == null ? null : glob(fields[i]);
            }
            queryTagRegex = m.queryTagRegex == null ? null : Pattern.compile(m.queryTagRegex);
            queryTagKey = m.queryTagKey == null ? null : m.queryTagKey.strip().toLowerCase(Locale.ROOT);
            queryTagValue = m.queryTagValue == null ? null : glob(m.queryTagValue);
            tagKey = m.tagKey == null ? null : m.tagKey.strip().toLowerCase(Locale.ROOT);
            tagValue = m.tagValue == null ? null : glob(m.tagValue);
            tagValueRegex = m.tagValueRegex == null ? null : Pattern.compile(m.tagValueRegex);
        }

        public boolean test(Subject s) {
            String[] values = {s.provider(), s.source(), s.account(), s.warehouse(), s.database(), s.schema(),
                s.user(), s.role(), s.service(), s.resourceId()};
            for (int i = 0; i < text.length; i++) {
                if (text[i] != null && (values[i] == null || !text[i].matcher(values[i]).matches())) {
                    return false;
                }
            }
            if (queryTagRegex != null && !queryTagRegex.matcher(s.queryTag().raw()).find()) {
                return false;
            }
            if (queryTagKey != null) {
                String v = s.queryTag().get(queryTagKey);
                if (v == null || (queryTagValue != null && !queryTagValue.matcher(v).matches())) {
                    return false;
                }
            }
            if (tagKey != null) {
                String v = s.tags().get(tagKey);
                if (v == null || v.isEmpty()) {
                    return false; // untagged (empty value) counts as missing
                }
                if (tagValue != null && !tagValue.matcher(v).matches()) {
                    return false;
                }
                if (tagValueRegex != null && !tagValueRegex.matcher(v).find()) {
                    return false;
                }
            }
            return true;
        }

        private static Pattern glob(String value) {
            StringBuilder b = new StringBuilder();
            for (String part : value.strip().split("\\*", -1)) {
                if (b.length() > 0 || value.strip().startsWith("*")) {
                    b.append(".*");
                }
                b.append(Pattern.quote(part));
            }
            String regex = b.toString();
            if (value.strip().equals("*")) {
                regex = ".*";
            }
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
    }
}
