package io.ledgerhouse.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class CollectorRunRepository implements PanacheRepository<CollectorRun> {
}
