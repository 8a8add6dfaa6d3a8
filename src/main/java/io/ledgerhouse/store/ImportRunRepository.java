package io.ledgerhouse.store;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class ImportRunRepository implements PanacheRepository<ImportRun> {

    /** The earliest successful import of exactly this content into this source, if any. */
    public Optional<ImportRun> findSucceeded(Source source, String contentSha256) {
        return find("source = ?1 and contentSha256 = ?2 and status = ?3", Sort.by("id"), source, contentSha256,
                ImportRun.SUCCEEDED).firstResultOptional();
    }

    public List<ImportRun> latest(int limit) {
        return findAll(Sort.descending("id")).page(Page.ofSize(limit)).list();
    }
}
