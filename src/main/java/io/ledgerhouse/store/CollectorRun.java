package io.ledgerhouse.store;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One run of a collector for one source, with its outcome. */
@Entity
@Table(name = "collector_run")
public class CollectorRun {

    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "source_id", nullable = false)
    public Long sourceId;

    @Column(nullable = false)
    public String status;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "rows_by_view")
    public JsonNode rowsByView;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode unavailable;

    public String error;

    /** Paid API requests the run made, per operation (AWS collectors), and their cost in USD. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "api_requests")
    public JsonNode apiRequests;

    @Column(name = "api_cost")
    public java.math.BigDecimal apiCost;
}
