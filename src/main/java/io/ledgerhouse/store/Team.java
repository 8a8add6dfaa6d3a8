package io.ledgerhouse.store;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A team costs are charged back to: its owners (who get its budget alerts), its cost center, and the workloads it
 * names. Rules assign team names; a team need not be registered to receive cost, but registering gives it owners.
 */
@Entity
@Table(name = "team")
public class Team {

    @Id
    public String name;

    /** Owners' e-mail addresses. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> owners = new ArrayList<>();

    @Column(name = "cost_center")
    public String costCenter;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "workload", joinColumns = @JoinColumn(name = "team"))
    @OrderBy("name")
    public List<Workload> workloads = new ArrayList<>();

    /** A workload of the team (a pipeline, a dashboard suite, a model), as rules name it. */
    @Embeddable
    public static class Workload {
        @Column(nullable = false)
        public String name;

        public String description;

        @Column(name = "created_at", nullable = false)
        public Instant createdAt;
    }
}
