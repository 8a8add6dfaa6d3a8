package io.ledgerhouse.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerhouse.store.CollectorRun;
import io.ledgerhouse.store.CollectorRunRepository;
import io.ledgerhouse.store.SourceRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The record every collector keeps of its runs ({@code collector_run}), each step in its own transaction: the run is
 * on record as RUNNING before the collection's transaction opens, and its outcome is written after that transaction
 * commits or rolls back, so a failed collection (whose rows are all rolled back) still leaves its error behind.
 */
@ApplicationScoped
public class CollectorRuns {

    @Inject
    SourceRepository sources;
    @Inject
    CollectorRunRepository runs;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper json;

    /** A run on record: its source's id, its own id, and when it started. */
    public record Started(long sourceId, long runId, Instant at) {
    }

    /** What paid API requests a run made (per operation) and what they cost in USD; AWS collectors count them. */
    public record PaidRequests(Map<String, Long> requests, BigDecimal cost) {
    }

    /** Records a RUNNING run of source {@code name} (created as {@code kind} if it is new). */
    public Started start(String name, String kind) {
        Instant now = clock.instant();
        long sourceId = QuarkusTransaction.requiringNew().call(() -> sources.findOrCreate(name, kind, now).id);
        long runId = QuarkusTransaction.requiringNew().call(() -> {
            CollectorRun run = new CollectorRun();
            run.sourceId = sourceId;
            run.status = CollectorRun.RUNNING;
            run.startedAt = now;
            runs.persist(run);
            return run.id;
        });
        return new Started(sourceId, runId, now);
    }

    /** The run succeeded: the rows it stored per view, and the views it could not read and why. */
    public void succeeded(long runId, Map<String, Long> rows, Map<String, String> unavailable, PaidRequests usage) {
        finish(runId, CollectorRun.SUCCEEDED, rows, unavailable, usage, null);
    }

    /** The run failed with {@code error} (a message safe to show: no secrets); it stored nothing. */
    public void failed(long runId, String error, PaidRequests usage) {
        finish(runId, CollectorRun.FAILED, null, null, usage, error);
    }

    private void finish(long runId, String status, Map<String, Long> rows, Map<String, String> unavailable,
            PaidRequests usage, String error) {
        QuarkusTransaction.requiringNew().run(() -> {
            CollectorRun run = runs.findById(runId);
            run.status = status;
            run.finishedAt = clock.instant();
            run.rowsByView = rows == null ? null : json.valueToTree(rows);
            run.unavailable = unavailable == null || unavailable.isEmpty() ? null : json.valueToTree(unavailable);
            if (usage != null) {
                run.apiRequests = json.valueToTree(usage.requests());
                run.apiCost = usage.cost();
            }
            run.error = error;
        });
    }
}
