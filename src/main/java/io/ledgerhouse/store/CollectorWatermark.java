package io.ledgerhouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** How far a collector has read one view of one source; moved only when the run's transaction commits. */
@Entity
@Table(name = "collector_watermark")
public class CollectorWatermark {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "source_id", nullable = false)
    public Long sourceId;

    @Column(name = "view_name", nullable = false)
    public String viewName;

    @Column(nullable = false)
    public Instant watermark;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
