package io.ledgerhouse.collect.bigquery;

import io.ledgerhouse.collect.bigquery.engine.BigQueryProjectSettings;
import io.ledgerhouse.domain.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;

/** The configured BigQuery projects, and clients to them. */
@ApplicationScoped
public class BigQueryProjects {

    @Inject
    BigQueryConfig config;

    private final BigQueryConnector connector = new BigQueryConnector(System::getenv);

    public Map<String, BigQueryConfig.Project> all() {
        return config.projects();
    }

    public Optional<BigQueryConfig.Project> find(String name) {
        return Optional.ofNullable(config.projects().get(name));
    }

    /** A client opener for the named project. */
    public BigQueryCollector.Session session(String name) {
        BigQueryConfig.Project project = find(name)
                .orElseThrow(() -> new NotFoundException("no BigQuery project named '" + name + "' is configured"));
        return () -> connector.open(name, project, Optional.empty());
    }

    /** The project's settings with credentials replaced by where they come from. */
    public Optional<Map<String, Object>> redacted(String name) {
        return find(name).map(p -> BigQueryProjectSettings.redacted(name, p));
    }
}
