package io.ledgerhouse.collect;

/** The outcome of one collector run, whatever the source kind (each collector's report adds its own details). */
public interface CollectorReport {

    long runId();

    String source();

    /** SUCCEEDED or FAILED. */
    String status();

    /** Why the run failed, or null. */
    String error();
}
