package io.ledgerhouse.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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
        return List.of(new LazyEmbeddedDatabaseSource(ephemeral ? null : dataDir, port));
    }

    /**
     * Starts the server only when the datasource URL is first read. Configuration is also assembled while the
     * application is built; the build looks up every property a source lists, so this source lists none (direct
     * lookups still find its values) and a build never starts a database.
     */
    static final class LazyEmbeddedDatabaseSource implements ConfigSource {
        private static final String URL = "quarkus.datasource.jdbc.url";
        private static final String USERNAME = "quarkus.datasource.username";

        private final Path dataDir;
        private final int port;
        private volatile String url;

        LazyEmbeddedDatabaseSource(Path dataDir, int port) {
            this.dataDir = dataDir;
            this.port = port;
        }

        @Override
        public Set<String> getPropertyNames() {
            return Set.of();
        }

        @Override
        public String getValue(String name) {
            return switch (name) {
                case URL -> url();
                case USERNAME -> EmbeddedDatabase.USER;
                case RUNNING -> "true"; // this source is active only when the embedded database is the datasource
                default -> null;
            };
        }

        private String url() {
            if (url == null) {
                synchronized (this) {
                    if (url == null) {
                        url = EmbeddedDatabase.start(dataDir, port);
                    }
                }
            }
            return url;
        }

        @Override
        public String getName() {
            return "ledgerhouse-embedded-db";
        }

        @Override
        public int getOrdinal() {
            return 260;
        }
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
