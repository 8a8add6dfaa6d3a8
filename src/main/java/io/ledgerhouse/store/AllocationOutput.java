package io.ledgerhouse.store;

import io.ledgerhouse.allocate.engine.Allocation;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Where an allocation run's shares go: the store ({@link AllocationWriter}) or a preview's totals. */
public interface AllocationOutput {

    /** Notes a charge before its shares arrive. */
    void charge(long chargeId, Instant start, String currency, String warehouse);

    /** A batch of shares; every charge's shares come in one batch. */
    void add(List<Allocation> shares, Map<String, AllocationWriter.QueryInfo> queries) throws SQLException;

    /** The run is complete. */
    void finish();
}
