package io.ledgerhouse.costs.engine;

import io.ledgerhouse.domain.InvalidParameterException;
import io.ledgerhouse.domain.TagKeys;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the cost API's query parameters. Every mistake is an {@link InvalidParameterException} naming the parameter
 * and saying what is accepted.
 *
 * <ul>
 *   <li>{@code from}, {@code to}: {@code YYYY-MM-DD}; from inclusive, to exclusive; from before to.</li>
 *   <li>{@code groupBy}: comma-separated dimensions, e.g. {@code provider,tag:environment,month}.</li>
 *   <li>{@code filter}: comma-separated {@code dimension:value} terms, e.g. {@code provider:AWS,tag:env:prod}; a tag
 *       term is {@code tag:<key>:<value>} (the value may contain colons).</li>
 * </ul>
 */
public final class CostQueryParser {

    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 100_000;
    private static final int MAX_GROUPINGS = 6;

    private CostQueryParser() {
    }

    /** Parses the parameters; {@code defaultFrom}/{@code defaultTo} apply when from/to are absent. */
    public static CostQuery parse(String from, String to, String groupBy, String filter, String limit,
            LocalDate defaultFrom, LocalDate defaultTo) {
        LocalDate f = isBlank(from) ? defaultFrom : date("from", from);
        LocalDate t = isBlank(to) ? defaultTo : date("to", to);
        if (!f.isBefore(t)) {
            throw new InvalidParameterException("to", "'to' (" + t + ") must be after 'from' (" + f
                    + "); the range is [from, to)");
        }
        int l;
        try {
            l = isBlank(limit) ? DEFAULT_LIMIT : Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            l = -1;
        }
        if (l < 1 || l > MAX_LIMIT) {
            throw new InvalidParameterException("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        List<CostQuery.Grouping> groupings = groupings(groupBy);
        List<CostQuery.FilterTerm> filters = filters(filter);
        boolean perQuery = groupings.stream().anyMatch(g -> g.dimension().isQuery())
                || filters.stream().anyMatch(x -> x.dimension().isQuery());
        if (perQuery) {
            for (CostQuery.Grouping g : groupings) {
                perQueryOnly("groupBy", g.dimension());
            }
            for (CostQuery.FilterTerm x : filters) {
                perQueryOnly("filter", x.dimension());
            }
        }
        return new CostQuery(f, t, groupings, filters, l);
    }

    private static void perQueryOnly(String parameter, CostDimension d) {
        if (!(d.isQuery() || d.isAllocation() || d.isTime() || d == CostDimension.SOURCE)) {
            throw new InvalidParameterException(parameter, "user, role and queryPattern come from per-query costs "
                    + "and combine only with source, team, workload, costCenter, category, warehouse, day and month, "
                    + "not with '" + d.label + "'");
        }
    }

    private static List<CostQuery.Grouping> groupings(String groupBy) {
        if (isBlank(groupBy)) {
            return List.of();
        }
        Set<CostQuery.Grouping> out = new LinkedHashSet<>();
        for (String raw : groupBy.split(",", -1)) {
            String term = raw.strip();
            if (term.isEmpty()) {
                throw new InvalidParameterException("groupBy", "empty dimension in groupBy '" + groupBy + "'");
            }
            CostQuery.Grouping g;
            if (term.regionMatches(true, 0, "tag:", 0, 4)) {
                String key = TagKeys.normalize(term.substring(4));
                if (key.isEmpty()) {
                    throw new InvalidParameterException("groupBy", "tag grouping needs a key: tag:<key>");
                }
                g = new CostQuery.Grouping(CostDimension.TAG, key);
            } else {
                CostDimension d = CostDimension.of(term);
                if (d == null || d == CostDimension.TAG) {
                    throw new InvalidParameterException("groupBy", "unknown dimension '" + term + "'; use any of "
                            + CostDimension.accepted());
                }
                g = new CostQuery.Grouping(d, null);
            }
            if (!out.add(g)) {
                throw new InvalidParameterException("groupBy", "dimension '" + term + "' is given twice");
            }
        }
        if (out.size() > MAX_GROUPINGS) {
            throw new InvalidParameterException("groupBy", "at most " + MAX_GROUPINGS + " dimensions");
        }
        return List.copyOf(out);
    }

    private static List<CostQuery.FilterTerm> filters(String filter) {
        if (isBlank(filter)) {
            return List.of();
        }
        List<CostQuery.FilterTerm> out = new ArrayList<>();
        for (String raw : filter.split(",", -1)) {
            String term = raw.strip();
            int colon = term.indexOf(':');
            if (colon <= 0) {
                throw new InvalidParameterException("filter", "filter term '" + term
                        + "' must be dimension:value, e.g. provider:AWS or tag:env:prod");
            }
            String dimension = term.substring(0, colon);
            String rest = term.substring(colon + 1);
            CostDimension d = CostDimension.of(dimension);
            if (d == null) {
                throw new InvalidParameterException("filter", "unknown dimension '" + dimension + "' in filter; use any of "
                        + CostDimension.accepted());
            }
            if (d == CostDimension.TAG) {
                int second = rest.indexOf(':');
                String key = second < 0 ? "" : TagKeys.normalize(rest.substring(0, second));
                if (second < 0 || key.isEmpty()) {
                    throw new InvalidParameterException("filter", "tag filter '" + term + "' must be tag:<key>:<value>");
                }
                out.add(new CostQuery.FilterTerm(d, key, rest.substring(second + 1)));
            } else if (d.isTime()) {
                throw new InvalidParameterException("filter", "filter by time with from and to, not '" + dimension + "'");
            } else {
                out.add(new CostQuery.FilterTerm(d, null, rest));
            }
        }
        return List.copyOf(out);
    }

    private static LocalDate date(String parameter, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(parameter, "'" + value + "' is not a date; use YYYY-MM-DD");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
