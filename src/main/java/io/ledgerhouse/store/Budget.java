package io.ledgerhouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A monthly budget on the total, a team, a workload or a provider, and who hears when it is crossed. */
@Entity
@Table(name = "budget")
public class Budget {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String name;

    /** TOTAL, TEAM, WORKLOAD or PROVIDER. */
    @Column(nullable = false)
    public String scope;

    @Column(name = "scope_value")
    public String scopeValue;

    @Column(nullable = false)
    public BigDecimal amount;

    @Column(nullable = false)
    public String currency;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "actual_thresholds", nullable = false)
    public List<BigDecimal> actualThresholds = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "projection_thresholds", nullable = false)
    public List<BigDecimal> projectionThresholds = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> recipients = new ArrayList<>();

    @Column(name = "webhook_url")
    public String webhookUrl;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
