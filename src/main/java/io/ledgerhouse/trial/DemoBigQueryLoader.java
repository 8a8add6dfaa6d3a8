package io.ledgerhouse.trial;

import io.ledgerhouse.collect.bigquery.BigQueryCollector;
import io.ledgerhouse.collect.bigquery.BigQueryConfig;
import io.ledgerhouse.collect.bigquery.BigQueryConnector;
import io.ledgerhouse.trial.engine.BigQueryProjectGenerator;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * In trial mode with no BigQuery project configured, gives the demo a BigQuery project to look at: a generated project
 * (the demo Snowflake account's 30 days, about 3,300 jobs; see {@link BigQueryProjectGenerator}) served on 127.0.0.1 by
 * a {@link SimulatedBigQueryServer} and collected through it by the production collector and client as source
 * {@code demo-bigquery}, in the background after start-up. The collection's charges-changed event runs allocation and
 * the BigQuery advice as after any collection. The server is closed once collected, and the project is not configured,
 * so the scheduled collection never tries it; later starts find it collected and skip it.
 */
@ApplicationScoped
public class DemoBigQueryLoader {

    static final String SOURCE = "demo-bigquery";

    @Inject
    BigQueryCollector collector;
    @Inject
    BigQueryConfig config;
    @Inject
    TrialMode trial;

    /** The demo project as the collector takes a configured one: the local server, no credentials, US list prices. */
    record DemoProject(String localHost) implements BigQueryConfig.Project {
        @Override
        public Optional<String> projectId() {
            return Optional.of(BigQueryProjectGenerator.PROJECT);
        }

        @Override
        public List<String> regions() {
            return List.of(BigQueryProjectGenerator.REGION);
        }

        @Override
        public Optional<String> adminProject() {
            return Optional.of(BigQueryProjectGenerator.ADMIN);
        }

        @Override
        public Optional<Path> credentialsFile() {
            return Optional.empty();
        }

        @Override
        public Optional<String> credentialsFileEnv() {
            return Optional.empty();
        }

        @Override
        public Optional<String> host() {
            return Optional.of(localHost);
        }

        @Override
        public String currency() {
            return "USD";
        }

        @Override
        public BigDecimal freeTibPerMonth() {
            return BigDecimal.ONE;
        }

        @Override
        public boolean enabled() {
            return true;
        }
    }

    void onStart(@Observes StartupEvent event) {
        // a deployment that configures BigQuery projects gets no invented one beside them
        if (!trial.loadsSampleData() || !config.projects().isEmpty()) {
            return;
        }
        trial.inBackground("demo-bigquery-loader", "BigQuery project", () -> {
            if (!trial.collected(SOURCE)) {
                load(BigQueryProjectGenerator.demo(trial.today()));
            }
        });
    }

    /**
     * Generates the project of {@code spec}, serves it on a local port and collects it through the real client as
     * source {@code demo-bigquery}; returns the collector's report (allocation and advice have run when it returns).
     */
    public BigQueryCollector.RunReport load(BigQueryProjectGenerator.Spec spec) {
        long started = System.nanoTime();
        try (SimulatedBigQueryServer server = new SimulatedBigQueryServer(0)) {
            BigQueryProjectGenerator.Totals totals = new BigQueryProjectGenerator().generate(spec,
                    (project, view, row) -> server.add(project, BigQueryProjectGenerator.REGION, view, row));
            DemoProject project = new DemoProject(server.host());
            BigQueryConnector connector = new BigQueryConnector(variable -> null);
            BigQueryCollector.RunReport report = collector.collect(SOURCE, project,
                    () -> connector.open(SOURCE, project, Optional.empty()));
            Log.infof("Trial mode: collected the demo BigQuery project (%d jobs, %d of them on reservation %s, over %d "
                    + "days) as source '%s' in %d ms: %s. Try http://localhost:8080/api/v1/bigquery/%s/capacity",
                    totals.jobs(), totals.reservationJobs(), BigQueryProjectGenerator.RESERVATION, spec.days(), SOURCE,
                    (System.nanoTime() - started) / 1_000_000, report.status(), SOURCE);
            return report;
        }
    }
}
