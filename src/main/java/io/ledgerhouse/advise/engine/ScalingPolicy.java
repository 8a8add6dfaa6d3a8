package io.ledgerhouse.advise.engine;

/** A multi-cluster warehouse's scaling policy; the names are the SQL literals. */
public enum ScalingPolicy {
    /** Starts a cluster as soon as a query queues. */
    STANDARD,
    /** Starts a cluster only when the queue would keep it busy for about six minutes. */
    ECONOMY
}
