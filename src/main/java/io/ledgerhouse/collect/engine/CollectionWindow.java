package io.ledgerhouse.collect.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The time range one collector run reads from a view: [from, to). A view's rows can appear hours after the event
 * (Snowflake's documented latency), so each run starts a re-read window before the last watermark; natural-key upserts
 * make the overlap harmless and catch the late rows.
 */
public record CollectionWindow(Instant from, Instant to) {

    /**
     * The next window: from {@code watermark − reread} (or {@code now − initialLookback} on a first run) to {@code now}.
     */
    public static CollectionWindow next(Optional<Instant> watermark, Duration reread, Duration initialLookback,
            Instant now) {
        Instant from = watermark.map(w -> w.minus(reread)).orElse(now.minus(initialLookback));
        if (!from.isBefore(now)) {
            from = now.minus(reread);
        }
        return new CollectionWindow(from, now);
    }
}
