package io.ledgerhouse.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

@ApplicationScoped
public class SourceRepository implements PanacheRepository<Source> {

    public Optional<Source> findByName(String name) {
        return find("name", name).firstResultOptional();
    }

    /**
     * The source of that name, created with {@code kind} when it does not exist. Two callers racing to create the
     * same source both end with the one row (the insert is ON CONFLICT DO NOTHING).
     */
    public Source findOrCreate(String name, String kind, Instant now) {
        Optional<Source> existing = findByName(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        getEntityManager()
                .createNativeQuery("INSERT INTO source (name, kind, created_at) VALUES (?1, ?2, ?3) "
                        + "ON CONFLICT (name) DO NOTHING")
                .setParameter(1, name)
                .setParameter(2, kind)
                .setParameter(3, now)
                .executeUpdate();
        return findByName(name).orElseThrow();
    }
}
