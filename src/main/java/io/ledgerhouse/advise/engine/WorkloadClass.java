package io.ledgerhouse.advise.engine;

/** What a warehouse serves, as far as keeping its cache warm is worth money. */
public enum WorkloadClass {
    /** People waiting on results (dashboards, ad hoc SQL, notebooks): a cold cache is felt. */
    INTERACTIVE,
    /** Pipelines (ELT, loading, scheduled reports): they mostly read fresh data; a cold cache costs little. */
    ETL
}
