package io.ledgerhouse.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class BudgetRepository implements PanacheRepository<Budget> {

    public Optional<Budget> findByName(String name) {
        return find("name", name).firstResultOptional();
    }
}
