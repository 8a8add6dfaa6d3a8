package io.ledgerhouse.collect;

import java.util.Map;

/** The outcome of one collector run, whatever the source kind; {@code unavailable}: views not readable, and why. */
public record RunOutcome(long runId, String source, String status, Map<String, Long> rowsByView,
        Map<String, String> unavailable, String error)
        implements CollectorReport {
}
