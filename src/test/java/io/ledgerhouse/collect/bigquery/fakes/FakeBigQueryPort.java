package io.ledgerhouse.collect.bigquery.fakes;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Reserves a free port for the fake BigQuery of the configured test project {@code bq-api} and points the project's
 * host at it, so the application's own client (as {@code POST /api/v1/sources/bq-api/runs} builds it) reaches the fake.
 */
public class FakeBigQueryPort implements QuarkusTestResourceLifecycleManager {

    private static final String PROPERTY = "ledgerhouse.test.fake-bigquery-port";

    /** The port tests start the fake on. */
    public static int port() {
        return Integer.parseInt(System.getProperty(PROPERTY));
    }

    @Override
    public Map<String, String> start() {
        int port = io.ledgerhouse.testing.FreePort.find();
        System.setProperty(PROPERTY, Integer.toString(port));
        return Map.of("ledgerhouse.bigquery.projects.bq-api.host", "http://127.0.0.1:" + port,
                "ledgerhouse.bigquery.projects.bq-api.project-id", FixtureProject.PROJECT,
                "ledgerhouse.bigquery.projects.bq-api.admin-project", FixtureProject.ADMIN);
    }

    @Override
    public void stop() {
        System.clearProperty(PROPERTY);
    }
}
