package io.ledgerhouse.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class CollectorRunRepository implements PanacheRepository<CollectorRun> {

    public Optional<CollectorRun> latest(long sourceId) {
        return find("sourceId", Sort.descending("id"), sourceId).firstResultOptional();
    }

    public Optional<CollectorRun> latestWithStatus(long sourceId, String status) {
        return find("sourceId = ?1 and status = ?2", Sort.descending("id"), sourceId, status).firstResultOptional();
    }

    /** Finished runs of the source that started at or after {@code since}, oldest first. */
    public java.util.List<CollectorRun> startedSince(long sourceId, java.time.Instant since) {
        return list("sourceId = ?1 and startedAt >= ?2", Sort.ascending("id"), sourceId, since);
    }
}
