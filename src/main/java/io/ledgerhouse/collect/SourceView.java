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
        Map<String, Object> configuration,
        ApiUsage apiUsage) {

    /**
     * Paid API requests of a source's collector (AWS: Cost Explorer 0.01 USD per request, CloudWatch 0.01 USD per
     * 1,000 metrics): the last run's per operation, and this UTC month's so far, with their cost in USD.
     */
    public record ApiUsage(Map<String, Long> lastRun, java.math.BigDecimal lastRunCost, Map<String, Long> monthToDate,
            java.math.BigDecimal monthToDateCost, String currency) {
    }

    /** The latest run of the source's collector. */
    public record LastRun(long id, String status, Instant startedAt, Instant finishedAt, Map<String, Long> rowsByView,
            Map<String, String> unavailableViews, String error) {
    }

    /** How far one view has been read. */
    public record ViewLag(String view, Instant watermark, long lagSeconds) {
    }
}
