package io.ledgerhouse.allocate;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The month's chargeback statement and its reconciliation to the bill, from the allocation runs' rows. Every amount of
 * the month's charges is in exactly one place: a team's column, the idle line, or the unallocated line; the
 * difference to the bill is shown and is zero once every source of the month has been allocated.
 */
@ApplicationScoped
public class ChargebackService {

    @Inject
    AgroalDataSource dataSource;

    /** One line of the statement: a team, or the idle or unallocated line. Amounts in {@code currency}. */
    public record Line(String team, String kind, String currency, BigDecimal compute, BigDecimal idle,
            BigDecimal cloudServices, BigDecimal queryAcceleration, BigDecimal storage, BigDecimal serverless,
            BigDecimal other, BigDecimal sharedIn, BigDecimal total) {
    }

    /** The bill of a currency beside what the statement holds. */
    public record Reconciliation(String currency, BigDecimal billed, BigDecimal teams, BigDecimal idle,
            BigDecimal unallocated, BigDecimal difference) {
    }

    public record Statement(String month, List<Line> lines, List<Reconciliation> totals) {
    }

    /** Per source: billed, allocated to teams, idle, unallocated, difference, and the run the figures come from. */
    public record SourceReconciliation(String source, String currency, BigDecimal billed, BigDecimal teams,
            BigDecimal idle, BigDecimal unallocated, BigDecimal difference, Long runId, String runStatus) {
    }

    public Statement statement(YearMonth month) {
        return statement(month, null);
    }

    /**
     * The statement as {@code teams} may see it (null: whole). Limited to teams, it holds only their lines, and no
     * idle, unallocated or bill rows: the bill less their lines would tell what everyone else spent.
     */
    public Statement statement(YearMonth month, java.util.Set<String> teams) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                Map<String, BigDecimal[]> byLine = new TreeMap<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT team, category, currency, sum(amount) "
                        + "FROM allocation WHERE month = ? GROUP BY team, category, currency")) {
                    ps.setObject(1, month.atDay(1));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String team = rs.getString(1);
                            if (teams != null && (team == null || !teams.contains(team))) {
                                continue;
                            }
                            String category = rs.getString(2);
                            String kind = team != null ? "team" : category.equals("IDLE") ? "idle" : "unallocated";
                            String key = (kind.equals("team") ? "0" : kind.equals("idle") ? "1" : "2") + "\u0000"
                                    + (team == null ? kind : team) + "\u0000" + rs.getString(3);
                            BigDecimal[] v = byLine.computeIfAbsent(key, k -> zeros());
                            int column = switch (category) {
                                case "COMPUTE" -> 0;
                                case "IDLE" -> 1;
                                case "CLOUD_SERVICES" -> 2;
                                case "QUERY_ACCELERATION" -> 3;
                                case "STORAGE" -> 4;
                                case "SERVERLESS" -> 5;
                                case "SHARED" -> 7;
                                default -> 6;
                            };
                            v[column] = v[column].add(rs.getBigDecimal(4));
                            v[8] = v[8].add(rs.getBigDecimal(4));
                        }
                    }
                }
                List<Line> lines = new ArrayList<>();
                Map<String, BigDecimal[]> sums = new TreeMap<>(); // currency -> teams, idle, unallocated
                byLine.forEach((key, v) -> {
                    String[] k = key.split("\u0000");
                    String kind = switch (k[0]) {
                        case "0" -> "team";
                        case "1" -> "idle";
                        default -> "unallocated";
                    };
                    lines.add(new Line(kind.equals("team") ? k[1] : null, kind, k[2], v[0], v[1], v[2], v[3], v[4],
                            v[5], v[6], v[7], v[8]));
                    BigDecimal[] s = sums.computeIfAbsent(k[2], x -> new BigDecimal[] {BigDecimal.ZERO,
                        BigDecimal.ZERO, BigDecimal.ZERO});
                    int slot = kind.equals("team") ? 0 : kind.equals("idle") ? 1 : 2;
                    s[slot] = s[slot].add(v[8]);
                });
                List<Reconciliation> totals = new ArrayList<>();
                if (teams != null) {
                    return new Statement(month.toString(), lines, totals);
                }
                Map<String, BigDecimal> billed = billed(c, month, null);
                java.util.Set<String> currencies = new java.util.TreeSet<>(billed.keySet());
                currencies.addAll(sums.keySet());
                for (String currency : currencies) {
                    BigDecimal[] s = sums.getOrDefault(currency, new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO,
                        BigDecimal.ZERO});
                    BigDecimal b = billed.getOrDefault(currency, BigDecimal.ZERO);
                    totals.add(new Reconciliation(currency, b, s[0], s[1], s[2],
                            b.subtract(s[0]).subtract(s[1]).subtract(s[2])));
                }
                return new Statement(month.toString(), lines, totals);
            }
        });
    }

    public List<SourceReconciliation> reconciliation(YearMonth month) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                List<SourceReconciliation> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("WITH billed AS (SELECT source_id, billing_currency AS "
                        + "currency, sum(billed_cost) AS billed FROM charge WHERE charge_period_start >= ? "
                        + "AND charge_period_start < ? GROUP BY 1, 2), "
                        + "allocated AS (SELECT source_id, currency, "
                        + "sum(amount) FILTER (WHERE team IS NOT NULL) AS teams, "
                        + "sum(amount) FILTER (WHERE team IS NULL AND category = 'IDLE') AS idle, "
                        + "sum(amount) FILTER (WHERE team IS NULL AND category <> 'IDLE') AS unallocated "
                        + "FROM allocation WHERE month = ? GROUP BY 1, 2), "
                        + "runs AS (SELECT DISTINCT ON (source_id) source_id, id, status FROM allocation_run "
                        + "WHERE month = ? ORDER BY source_id, id DESC) "
                        + "SELECT s.name, coalesce(b.currency, a.currency), coalesce(b.billed, 0), "
                        + "coalesce(a.teams, 0), coalesce(a.idle, 0), coalesce(a.unallocated, 0), r.id, r.status "
                        + "FROM billed b FULL JOIN allocated a ON a.source_id = b.source_id AND a.currency = b.currency "
                        + "JOIN source s ON s.id = coalesce(b.source_id, a.source_id) "
                        + "LEFT JOIN runs r ON r.source_id = s.id ORDER BY 1, 2")) {
                    ps.setTimestamp(1, Timestamp.from(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
                    ps.setTimestamp(2, Timestamp.from(month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC)
                            .toInstant()));
                    ps.setObject(3, month.atDay(1));
                    ps.setObject(4, month.atDay(1));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            BigDecimal billed = rs.getBigDecimal(3);
                            BigDecimal teams = rs.getBigDecimal(4);
                            BigDecimal idle = rs.getBigDecimal(5);
                            BigDecimal unallocated = rs.getBigDecimal(6);
                            long run = rs.getLong(7);
                            out.add(new SourceReconciliation(rs.getString(1), rs.getString(2), billed, teams, idle,
                                    unallocated, billed.subtract(teams).subtract(idle).subtract(unallocated),
                                    rs.wasNull() ? null : run, rs.getString(8)));
                        }
                    }
                }
                return out;
            }
        });
    }

    private static Map<String, BigDecimal> billed(Connection c, YearMonth month, Long sourceId) throws SQLException {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT billing_currency, sum(billed_cost) FROM charge "
                + "WHERE charge_period_start >= ? AND charge_period_start < ? GROUP BY 1")) {
            ps.setTimestamp(1, Timestamp.from(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            ps.setTimestamp(2, Timestamp.from(month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getBigDecimal(2));
                }
            }
        }
        return out;
    }

    private static BigDecimal[] zeros() {
        BigDecimal[] v = new BigDecimal[9];
        java.util.Arrays.fill(v, BigDecimal.ZERO);
        return v;
    }

    /** The statement as CSV (one row per line, then the reconciliation rows). */
    public static String csv(Statement s) {
        StringBuilder b = new StringBuilder("month,line,team,currency,compute,idle,cloud_services,query_acceleration,"
                + "storage,serverless,other,shared_in,total\n");
        for (Line l : s.lines()) {
            b.append(s.month()).append(',').append(l.kind()).append(',').append(io.ledgerhouse.domain.CsvCells.cell(l.team())).append(',')
                    .append(l.currency());
            for (BigDecimal v : new BigDecimal[] {l.compute(), l.idle(), l.cloudServices(), l.queryAcceleration(),
                l.storage(), l.serverless(), l.other(), l.sharedIn(), l.total()}) {
                b.append(',').append(v.toPlainString());
            }
            b.append('\n');
        }
        for (Reconciliation r : s.totals()) {
            b.append(s.month()).append(",bill,,").append(r.currency()).append(",,,,,,,,,").append(r.billed()
                    .toPlainString()).append('\n');
            b.append(s.month()).append(",difference,,").append(r.currency()).append(",,,,,,,,,")
                    .append(r.difference().toPlainString()).append('\n');
        }
        return b.toString();
    }
}
