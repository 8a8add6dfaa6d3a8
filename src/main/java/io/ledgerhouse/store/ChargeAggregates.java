package io.ledgerhouse.store;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.costs.CostRow;
import io.ledgerhouse.costs.engine.CostDimension;
import io.ledgerhouse.costs.engine.CostQuery;
import io.ledgerhouse.costs.engine.CostQuery.FilterTerm;
import io.ledgerhouse.costs.engine.CostQuery.Grouping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums charges for the cost API in SQL (NUMERIC sums, exact). Every dimension maps to a fixed column expression;
 * user values only ever travel as bind parameters.
 */
@ApplicationScoped
public class ChargeAggregates {

    @Inject
    AgroalDataSource dataSource;

    /** Result of {@link #sum}: the rows, and whether more groups existed than the query's limit. */
    public record Sums(List<CostRow> rows, boolean truncated) {
    }

    /** Which table a question is answered from: charges, their allocated shares, or per-query costs. */
    private enum Level {
        CHARGE, ALLOCATION, QUERY;

        static Level of(CostQuery q, java.util.Set<String> teams) {
            java.util.stream.Stream<CostDimension> dims = java.util.stream.Stream.concat(
                    q.groupBy().stream().map(Grouping::dimension), q.filters().stream().map(FilterTerm::dimension));
            List<CostDimension> all = dims.toList();
            if (all.stream().anyMatch(CostDimension::isQuery)) {
                return QUERY;
            }
            // a caller limited to some teams sees allocated shares only: a charge is theirs only through them
            return all.stream().anyMatch(CostDimension::isAllocation) || teams != null ? ALLOCATION : CHARGE;
        }

        String time() {
            return this == QUERY ? "x.t" : "c.charge_period_start";
        }

        /** The FROM clause; {@code source} joins the source table. */
        String from(boolean source) {
            String join = source ? " JOIN source s ON s.id = " + (this == QUERY ? "x" : "c") + ".source_id" : "";
            return switch (this) {
                case CHARGE -> " FROM charge c" + join;
                case ALLOCATION -> " FROM charge c JOIN allocation a ON a.charge_id = c.id" + join;
                // per-query costs, plus the allocated shares that came from no query (idle on an owner's line,
                // whole charges by rule, shared splits), so the sums still add up to the bill
                case QUERY -> " FROM (SELECT source_id, usage_day::timestamp AT TIME ZONE 'UTC' AS t, team, workload, category, warehouse, "
                        + "user_name, role_name, query_parameterized_hash AS pattern, NULL::text AS cost_center, "
                        + "currency, amount FROM query_cost UNION ALL SELECT source_id, charge_period_start, team, "
                        + "workload, category, warehouse, NULL, NULL, NULL, cost_center, currency, amount "
                        + "FROM allocation WHERE method NOT IN ('ACTIVE_TIME', 'ATTRIBUTION', 'IDLE_HOUR', "
                        + "'IDLE_DAY', 'CLOUD_SERVICES_CREDITS', 'ACCELERATION_BYTES')) x" + join;
            };
        }

        /** Currency, billed, effective, list, contracted, count. */
        String sums() {
            return switch (this) {
                case CHARGE -> "c.billing_currency, sum(c.billed_cost), sum(c.effective_cost), sum(c.list_cost), "
                        + "sum(c.contracted_cost), count(*)";
                case ALLOCATION -> "a.currency, sum(a.amount), NULL::numeric, NULL::numeric, NULL::numeric, "
                        + "count(DISTINCT c.id)";
                case QUERY -> "x.currency, sum(x.amount), NULL::numeric, NULL::numeric, NULL::numeric, count(*)";
            };
        }

        String billed() {
            return switch (this) {
                case CHARGE -> "sum(c.billed_cost)";
                case ALLOCATION -> "sum(a.amount)";
                case QUERY -> "sum(x.amount)";
            };
        }
    }

    public Sums sum(CostQuery query) {
        return sum(query, null);
    }

    /**
     * As {@link #sum(CostQuery)}, counting only the shares allocated to {@code teams} (null: everything). Limited to
     * teams, charges are answered from their allocated shares, so idle and unallocated lines and other teams' shares
     * never enter a sum.
     */
    public Sums sum(CostQuery query, java.util.Set<String> teams) {
        Level level = Level.of(query, teams);
        List<Object> params = new ArrayList<>();
        StringBuilder select = new StringBuilder("SELECT ");
        List<String> groupExprs = new ArrayList<>();
        for (Grouping g : query.groupBy()) {
            String expr = expression(g.dimension(), level);
            if (g.dimension() == CostDimension.TAG) {
                params.add(g.tagKey());
            }
            groupExprs.add(expr);
            select.append(expr).append(", ");
        }
        select.append(level.sums());
        boolean needsSource = query.groupBy().stream().anyMatch(g -> g.dimension() == CostDimension.SOURCE)
                || query.filters().stream().anyMatch(f -> f.dimension() == CostDimension.SOURCE);
        select.append(level.from(needsSource));
        select.append(where(query, params, level, teams));
        select.append(" GROUP BY ");
        for (int i = 0; i < groupExprs.size(); i++) {
            select.append(i + 1).append(", ");
        }
        select.append(groupExprs.size() + 1);
        select.append(" ORDER BY ");
        int position = 1;
        for (Grouping g : query.groupBy()) {
            if (g.dimension().isTime()) {
                select.append(position).append(", ");
            }
            position++;
        }
        select.append(level.billed()).append(" DESC");
        for (int i = 1; i <= groupExprs.size() + 1; i++) {
            select.append(", ").append(i).append(" NULLS FIRST");
        }
        select.append(" LIMIT ").append(query.limit() + 1);

        List<CostRow> rows = run(select.toString(), params, query.groupBy());
        boolean truncated = rows.size() > query.limit();
        return new Sums(truncated ? rows.subList(0, query.limit()) : rows, truncated);
    }

    /** Totals per currency of everything the query's range and filters match. */
    public List<CostRow> totals(CostQuery query) {
        return totals(query, null);
    }

    /** As {@link #totals(CostQuery)}, of the shares allocated to {@code teams} only (null: everything). */
    public List<CostRow> totals(CostQuery query, java.util.Set<String> teams) {
        Level level = Level.of(query, teams);
        List<Object> params = new ArrayList<>();
        boolean needsSource = query.filters().stream().anyMatch(f -> f.dimension() == CostDimension.SOURCE);
        String sql = "SELECT " + level.sums() + level.from(needsSource) + where(query, params, level, teams)
                + " GROUP BY 1 ORDER BY 1";
        return run(sql, params, List.of());
    }

    private static String where(CostQuery query, List<Object> params, Level level, java.util.Set<String> teams) {
        StringBuilder where = new StringBuilder(" WHERE " + level.time() + " >= ? AND " + level.time() + " < ?");
        params.add(query.from().atStartOfDay().atOffset(ZoneOffset.UTC));
        params.add(query.to().atStartOfDay().atOffset(ZoneOffset.UTC));
        if (teams != null) {
            where.append(" AND ").append(expression(CostDimension.TEAM, level)).append(" = ANY (?)");
            params.add(teams.toArray(String[]::new));
        }
        Map<String, List<FilterTerm>> byKey = new LinkedHashMap<>();
        for (FilterTerm f : query.filters()) {
            byKey.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f);
        }
        for (List<FilterTerm> alternatives : byKey.values()) {
            where.append(" AND (");
            for (int i = 0; i < alternatives.size(); i++) {
                FilterTerm f = alternatives.get(i);
                if (i > 0) {
                    where.append(" OR ");
                }
                if (f.dimension() == CostDimension.TAG) {
                    where.append("c.tags_norm @> jsonb_build_object(?::text, ?::text)");
                    params.add(f.tagKey());
                    params.add(f.value());
                } else {
                    where.append(expression(f.dimension(), level)).append(" = ?");
                    params.add(f.value());
                }
            }
            where.append(')');
        }
        return where.toString();
    }

    private static String expression(CostDimension d, Level level) {
        if (level == Level.QUERY) {
            return switch (d) {
                case SOURCE -> "s.name";
                case DAY -> "to_char(x.t AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
                case MONTH -> "to_char(x.t AT TIME ZONE 'UTC', 'YYYY-MM')";
                case TEAM -> "x.team";
                case WORKLOAD -> "x.workload";
                case COST_CENTER -> "x.cost_center";
                case CATEGORY -> "x.category";
                case WAREHOUSE -> "x.warehouse";
                case USER -> "x.user_name";
                case ROLE -> "x.role_name";
                case QUERY_PATTERN -> "x.pattern";
                default -> throw new IllegalArgumentException(d + " is not known per query");
            };
        }
        return switch (d) {
            case SOURCE -> "s.name";
            case PROVIDER -> "c.provider_name";
            case SERVICE -> "c.service_name";
            case SERVICE_CATEGORY -> "c.service_category";
            case ACCOUNT -> "c.billing_account_id";
            case SUB_ACCOUNT -> "c.sub_account_id";
            case REGION -> "c.region_id";
            case RESOURCE -> "c.resource_id";
            case CHARGE_CATEGORY -> "c.charge_category";
            case DAY -> "to_char(c.charge_period_start AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
            case MONTH -> "to_char(c.charge_period_start AT TIME ZONE 'UTC', 'YYYY-MM')";
            case TAG -> "c.tags_norm ->> ?::text";
            case TEAM -> "a.team";
            case WORKLOAD -> "a.workload";
            case COST_CENTER -> "a.cost_center";
            case CATEGORY -> "a.category";
            case WAREHOUSE -> "a.warehouse";
            default -> throw new IllegalArgumentException(d + " is known per query only");
        };
    }

    private List<CostRow> run(String sql, List<Object> params, List<Grouping> groupBy) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                if (params.get(i) instanceof String[] values) {
                    ps.setArray(i + 1, connection.createArrayOf("text", values));
                } else {
                    ps.setObject(i + 1, params.get(i));
                }
            }
            List<CostRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> group = new LinkedHashMap<>();
                    int col = 1;
                    for (Grouping g : groupBy) {
                        group.put(g.label(), rs.getString(col++));
                    }
                    out.add(new CostRow(group, rs.getString(col), rs.getBigDecimal(col + 1), rs.getBigDecimal(col + 2),
                            rs.getBigDecimal(col + 3), rs.getBigDecimal(col + 4), rs.getLong(col + 5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cost query failed", e);
        }
    }
}
