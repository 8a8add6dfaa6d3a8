package io.ledgerhouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Where costs come from: a file drop, a Snowflake account, a BigQuery project, an AWS payer account. */
@Entity
@Table(name = "source")
public class Source {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String name;

    /** FOCUS_FILE, SNOWFLAKE, BIGQUERY or AWS. */
    @Column(nullable = false)
    public String kind;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
