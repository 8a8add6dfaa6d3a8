package io.ledgerhouse.trial;

import io.agroal.api.AgroalDataSource;
import io.ledgerhouse.collect.snowflake.SnowflakeCollector;
import io.ledgerhouse.trial.engine.SnowflakeAccountGenerator;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * In trial mode, gives the demo a Snowflake account to look at: a generated account (30 days to today, six
 * warehouses, about 60,000 queries; see {@link SnowflakeAccountGenerator}) is written into the schema
 * {@code demo_snowflake} of the embedded database and collected by the Snowflake collector as source
 * {@code demo-snowflake}, in the background after start-up. Later starts find it collected and skip it.
 */
@ApplicationScoped
public class DemoSnowflakeLoader {

    static final String SOURCE = "demo-snowflake";
    static final String SCHEMA = "demo_snowflake";
    /** The list prices the simulated account falls back to where its rate sheet has no price. */
    static final SnowflakeCollector.Pricing PRICING = new SnowflakeCollector.Pricing(new BigDecimal("3.00"), "USD",
            new BigDecimal("23.00"));

    @Inject
    SnowflakeCollector collector;
    @Inject
    AgroalDataSource dataSource;

    @Inject
    TrialMode trial;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    Optional<String> jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    void onStart(@Observes StartupEvent event) {
        if (!trial.loadsSampleData()) {
            return;
        }
        trial.inBackground("demo-snowflake-loader", "Snowflake account", () -> {
            if (!trial.collected(SOURCE)) {
                load(SnowflakeAccountGenerator.demo(trial.today()));
            }
        });
    }

    /** Generates the account of {@code spec} into the demo schema and collects it; returns the collector's report. */
    public SnowflakeCollector.RunReport load(SnowflakeAccountGenerator.Spec spec) throws SQLException {
        return load(SOURCE, SCHEMA, spec);
    }

    /** As {@link #load(SnowflakeAccountGenerator.Spec)}, into source {@code source} from schema {@code schema}. */
    public SnowflakeCollector.RunReport load(String source, String schema, SnowflakeAccountGenerator.Spec spec)
            throws SQLException {
        SnowflakeAccountGenerator.Totals totals;
        try (Connection c = dataSource.getConnection()) {
            AccountUsageSchema.create(c, schema);
        }
        try (AccountUsageWriter writer = new AccountUsageWriter(dataSource, schema)) {
            totals = new SnowflakeAccountGenerator().generate(spec, writer);
        }
        Properties credentials = new Properties();
        username.ifPresent(u -> credentials.setProperty("user", u));
        password.ifPresent(p -> credentials.setProperty("password", p));
        String url = jdbcUrl.orElseThrow(() -> new IllegalStateException("no database URL"));
        SnowflakeCollector.RunReport report = collector.collect(source,
                new SimulatedAccountSession(url, credentials, schema), PRICING);
        Log.infof("Trial mode: collected the demo Snowflake account (%d queries, %s credits of warehouse compute over "
                + "%d days) as source '%s': %s. Try http://localhost:8080/api/v1/costs?from=%s&to=%s&groupBy=service",
                totals.queries(), totals.computeCredits(), spec.days(), source, report.status(), spec.start(),
                spec.start().plusDays(spec.days()));
        return report;
    }
}
