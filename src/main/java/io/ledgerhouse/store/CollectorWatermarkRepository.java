package io.ledgerhouse.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

@ApplicationScoped
public class CollectorWatermarkRepository implements PanacheRepository<CollectorWatermark> {

    public Optional<Instant> watermark(long sourceId, String view) {
        return find("sourceId = ?1 and viewName = ?2", sourceId, view).firstResultOptional().map(w -> w.watermark);
    }

    public java.util.List<CollectorWatermark> forSource(long sourceId) {
        return list("sourceId", io.quarkus.panache.common.Sort.by("viewName"), sourceId);
    }

    /** Sets the watermark (in the caller's transaction, so it moves only if the run commits). */
    public void advance(long sourceId, String view, Instant to, Instant now) {
        CollectorWatermark w = find("sourceId = ?1 and viewName = ?2", sourceId, view).firstResult();
        boolean created = w == null;
        if (created) {
            w = new CollectorWatermark();
            w.sourceId = sourceId;
            w.viewName = view;
        }
        w.watermark = to;
        w.updatedAt = now;
        if (created) {
            persist(w);
        }
    }
}
