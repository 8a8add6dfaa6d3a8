package io.ledgerhouse.collect.aws.engine;

import java.time.Duration;
import java.util.Optional;

/**
 * Bounded exponential backoff for throttled requests (Cost Explorer's LimitExceededException, which the SDK does not
 * retry): the n-th retry waits {@code initial × 2^(n-1)}, at most {@code max}; after {@code retries} retries the
 * request fails. Deterministic: one collector per account runs at a time, so there is no herd to spread.
 */
public record ThrottleBackoff(Duration initial, Duration max, int retries) {

    public ThrottleBackoff {
        if (initial.isNegative() || max.compareTo(initial) < 0 || retries < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= max and retries >= 0");
        }
    }

    /** The wait before retry {@code retry} (1-based), or empty when no retry is left. */
    public Optional<Duration> before(int retry) {
        if (retry < 1 || retry > retries) {
            return Optional.empty();
        }
        Duration d = initial;
        for (int i = 1; i < retry && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return Optional.of(d.compareTo(max) > 0 ? max : d);
    }
}
