package io.ledgerhouse.store;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One import of one file into one source, with its outcome. Failed imports are recorded too. */
@Entity
@Table(name = "import_run")
public class ImportRun {

    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String UNCHANGED = "UNCHANGED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "source_id")
    public Source source;

    @Column(name = "file_name")
    public String fileName;

    @Column(name = "content_sha256")
    public String contentSha256;

    @Column(nullable = false)
    public String status;

    @Column(name = "focus_version")
    public String focusVersion;

    @Column(name = "rows_imported", nullable = false)
    public long rowsImported;

    @Column(name = "rows_replaced", nullable = false)
    public long rowsReplaced;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode totals;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode providers;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "billing_periods")
    public JsonNode billingPeriods;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode problems;

    @Column(name = "problem_count", nullable = false)
    public long problemCount;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode warnings;

    @Column(name = "duplicate_of")
    public Long duplicateOf;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
