package io.ledgerhouse.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Zero-configuration database for a trial: when no {@code quarkus.datasource.jdbc.url} is configured and the embedded
 * PostgreSQL is on the classpath (the default build; not in a {@code -Dproduction} build), starts PostgreSQL 17 from
 * its Maven artifact and points the datasource at it.
 *
 * <p>Keys: {@code ledgerhouse.embedded-db.enabled} (default true), {@code ledgerhouse.embedded-db.data-dir} (default
 * {@code ~/.ledgerhouse/pgdata}, kept between runs), {@code ledgerhouse.embedded-db.ephemeral} (a fresh temporary
 * database deleted at exit, used by the tests) and {@code ledgerhouse.embedded-db.port} (default: a free port).
 */
public class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {

    static final String RUNNING = "ledgerhouse.embedded-db.running";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (isSet(context, "quarkus.datasource.jdbc.url")
                || !Boolean.parseBoolean(value(context, "ledgerhouse.embedded-db.enabled", "true"))
                || !EmbeddedDatabase.available()) {
            return List.of();
        }
        boolean ephemeral = Boolean.parseBoolean(value(context, "ledgerhouse.embedded-db.ephemeral", "false"));
        Path dataDir = Path.of(value(context, "ledgerhouse.embedded-db.data-dir",
                Path.of(System.getProperty("user.home"), ".ledgerhouse", "pgdata").toString()));
        int port = Integer.parseInt(value(context, "ledgerhouse.embedded-db.port", "0"));
        String url = EmbeddedDatabase.start(ephemeral ? null : dataDir, port);
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", EmbeddedDatabase.USER,
                RUNNING, "true"), "ledgerhouse-embedded-db", 260));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(50);
    }

    private static boolean isSet(ConfigSourceContext context, String name) {
        ConfigValue v = context.getValue(name);
        return v != null && v.getValue() != null && !v.getValue().isBlank();
    }

    private static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue v = context.getValue(name);
        return v == null || v.getValue() == null || v.getValue().isBlank() ? fallback : v.getValue();
    }
}
