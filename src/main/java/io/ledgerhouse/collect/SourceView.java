package io.ledgerhouse.collect;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A source's health: its last run, its last success, the data lag of each view (how far behind now its watermark
 * is), and its configuration with secrets redacted.
 */
public record SourceView(
        String name,
        String kind,
        Instant createdAt,
        LastRun lastRun,
        Instant lastSuccessAt,
        String lastError,
        List<ViewLag> views,
        Map<String, Object> configuration) {

    /** The latest run of the source's collector. */
    public record LastRun(long id, String status, Instant startedAt, Instant finishedAt, Map<String, Long> rowsByView,
            Map<String, String> unavailableViews, String error) {
    }

    /** How far one view has been read. */
    public record ViewLag(String view, Instant watermark, long lagSeconds) {
    }
}
