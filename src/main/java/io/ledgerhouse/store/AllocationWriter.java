package io.ledgerhouse.store;

import io.ledgerhouse.allocate.engine.Allocation;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.postgresql.PGConnection;

/**
 * Writes an allocation run's results for one (source, month) inside the run's transaction: first the previous run's
 * rows go, then the shares are summed per charge, team, workload, category, method and rule version into
 * {@code allocation}, and per query, team and category into {@code query_cost}, both with COPY.
 */
public final class AllocationWriter implements AllocationOutput {

    private static final int CHUNK_BYTES = 1 << 20;

    private final Connection connection;
    private final long runId;
    private final long sourceId;
    private final LocalDate month;
    private final Map<LineKey, BigDecimal[]> lines = new LinkedHashMap<>();
    private final Map<Long, ChargeInfo> charges = new HashMap<>();
    /** One buffer for every COPY of the run (a new one per batch made the heap churn through 1.5 MB arrays). */
    private final CopyTextBuffer buffer = new CopyTextBuffer(CHUNK_BYTES + (CHUNK_BYTES >> 1));
    private long queryRows;
    private long lineRows;

    private record LineKey(long chargeId, String team, String workload, String costCenter, String category,
            String method, Long ruleId, Integer ruleVersion) {
    }

    private record ChargeInfo(Instant start, String currency, String warehouse) {
    }

    /** What a query's shares are written with: where it ran and who ran it. */
    public record QueryInfo(String warehouse, String user, String role, String parameterizedHash) {
    }

    public AllocationWriter(Connection connection, long runId, long sourceId, LocalDate month) throws SQLException {
        this.connection = connection;
        this.runId = runId;
        this.sourceId = sourceId;
        this.month = month;
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM allocation WHERE source_id = ? "
                + "AND month = ?")) {
            ps.setLong(1, sourceId);
            ps.setObject(2, month);
            ps.executeUpdate();
        }
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT ensure_month_partition('query_cost', '" + month + "'::timestamptz)");
        }
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM query_cost WHERE source_id = ? "
                + "AND month = ?")) {
            ps.setLong(1, sourceId);
            ps.setObject(2, month);
            ps.executeUpdate();
        }
    }

    /** Notes a charge the shares refer to. */
    @Override
    public void charge(long chargeId, Instant start, String currency, String warehouse) {
        charges.put(chargeId, new ChargeInfo(start, currency, warehouse));
    }

    /**
     * Writes a batch of shares: summed per charge into {@code allocation}, and for shares of queries into
     * {@code query_cost}. Every charge's shares must come in one batch.
     */
    @Override
    public void add(List<Allocation> shares, Map<String, QueryInfo> queries) throws SQLException {
        Map<String, BigDecimal[]> perQuery = new LinkedHashMap<>();
        Map<String, Allocation> sample = new HashMap<>();
        for (Allocation a : shares) {
            if (!charges.containsKey(a.chargeId())) {
                throw new IllegalStateException("shares of charge " + a.chargeId() + " came in two batches");
            }
            LineKey key = new LineKey(a.chargeId(), a.team(), a.workload(), a.costCenter(), a.category().name(),
                    a.method().name(), a.ruleId(), a.ruleVersion());
            BigDecimal[] sum = lines.computeIfAbsent(key, k -> new BigDecimal[] {null, BigDecimal.ZERO});
            sum[0] = a.credits() == null ? sum[0] : (sum[0] == null ? a.credits() : sum[0].add(a.credits()));
            sum[1] = sum[1].add(a.amount());
            if (a.queryId() != null) {
                LocalDate day = charges.get(a.chargeId()).start().atOffset(java.time.ZoneOffset.UTC).toLocalDate();
                String q = a.queryId() + "\u0000" + day + "\u0000" + a.queryStart() + "\u0000" + a.team()
                        + "\u0000" + a.workload() + "\u0000" + a.category() + "\u0000" + a.method() + "\u0000"
                        + a.ruleId() + "\u0000" + a.ruleVersion() + "\u0000" + charges.get(a.chargeId()).currency();
                BigDecimal[] qs = perQuery.computeIfAbsent(q, k -> new BigDecimal[] {BigDecimal.ZERO,
                        BigDecimal.ZERO});
                qs[0] = qs[0].add(a.credits() == null ? BigDecimal.ZERO : a.credits());
                qs[1] = qs[1].add(a.amount());
                sample.putIfAbsent(q, a);
            }
        }
        writeLines();
        if (!perQuery.isEmpty()) {
            writeQueries(perQuery, sample, queries);
        }
        for (Allocation a : shares) {
            charges.remove(a.chargeId());
        }
    }

    private void writeQueries(Map<String, BigDecimal[]> perQuery, Map<String, Allocation> sample,
            Map<String, QueryInfo> queries) throws SQLException {
        buffer.clear();
        var copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY query_cost (source_id, month, "
                + "usage_day, query_id, start_time, warehouse, user_name, role_name, query_parameterized_hash, team, workload, "
                + "category, method, rule_id, rule_version, currency, credits, amount) FROM STDIN");
        try {
            String source = Long.toString(sourceId);
            String m = month.toString();
            for (var e : perQuery.entrySet()) {
                Allocation a = sample.get(e.getKey());
                QueryInfo info = queries.get(a.queryId());
                buffer.field(source);
                buffer.field(m);
                buffer.field(charges.get(a.chargeId()).start().atOffset(java.time.ZoneOffset.UTC).toLocalDate()
                        .toString());
                buffer.field(a.queryId());
                buffer.field(a.queryStart().toString());
                buffer.field(info == null ? null : info.warehouse());
                buffer.field(info == null ? null : info.user());
                buffer.field(info == null ? null : info.role());
                buffer.field(info == null ? null : info.parameterizedHash());
                buffer.field(a.team());
                buffer.field(a.workload());
                buffer.field(a.category().name());
                buffer.field(a.method().name());
                buffer.field(a.ruleId() == null ? null : a.ruleId().toString());
                buffer.field(a.ruleVersion() == null ? null : a.ruleVersion().toString());
                buffer.field(charges.get(a.chargeId()).currency());
                buffer.field(e.getValue()[0].toPlainString());
                buffer.field(e.getValue()[1].toPlainString());
                buffer.endRow();
                queryRows++;
                if (buffer.length() >= CHUNK_BYTES) {
                    copy.writeToCopy(buffer.bytes(), 0, buffer.length());
                    buffer.clear();
                }
            }
            if (buffer.length() > 0) {
                copy.writeToCopy(buffer.bytes(), 0, buffer.length());
            }
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    public long queryRows() {
        return queryRows;
    }

    /** Checks every noted charge got its shares. */
    @Override
    public void finish() {
        if (!charges.isEmpty()) {
            throw new IllegalStateException(charges.size() + " charges got no shares, e.g. "
                    + charges.keySet().iterator().next());
        }
    }

    private void writeLines() throws SQLException {
        if (lines.isEmpty()) {
            return;
        }
        buffer.clear();
        var copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY allocation (run_id, source_id, "
                + "month, charge_id, charge_period_start, currency, team, workload, cost_center, category, method, "
                + "rule_id, rule_version, warehouse, credits, amount) FROM STDIN");
        try {
            for (var e : lines.entrySet()) {
                LineKey k = e.getKey();
                ChargeInfo c = Objects.requireNonNull(charges.get(k.chargeId()), "charge " + k.chargeId());
                buffer.field(Long.toString(runId));
                buffer.field(Long.toString(sourceId));
                buffer.field(month.toString());
                buffer.field(Long.toString(k.chargeId()));
                buffer.field(c.start().toString());
                buffer.field(c.currency());
                buffer.field(k.team());
                buffer.field(k.workload());
                buffer.field(k.costCenter());
                buffer.field(k.category());
                buffer.field(k.method());
                buffer.field(k.ruleId() == null ? null : k.ruleId().toString());
                buffer.field(k.ruleVersion() == null ? null : k.ruleVersion().toString());
                buffer.field(c.warehouse());
                buffer.field(e.getValue()[0] == null ? null : e.getValue()[0].toPlainString());
                buffer.field(e.getValue()[1].toPlainString());
                buffer.endRow();
                if (buffer.length() >= CHUNK_BYTES) {
                    copy.writeToCopy(buffer.bytes(), 0, buffer.length());
                    buffer.clear();
                }
            }
            if (buffer.length() > 0) {
                copy.writeToCopy(buffer.bytes(), 0, buffer.length());
            }
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        lineRows += lines.size();
        lines.clear();
    }

    public long lineRows() {
        return lineRows;
    }
}
