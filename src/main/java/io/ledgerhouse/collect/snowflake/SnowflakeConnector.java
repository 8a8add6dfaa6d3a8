package io.ledgerhouse.collect.snowflake;

import io.ledgerhouse.collect.snowflake.engine.SnowflakeAccountSettings;
import io.ledgerhouse.collect.snowflake.engine.SnowflakeConnectionSettings;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Function;

/**
 * Opens JDBC sessions to Snowflake accounts with the real snowflake-jdbc driver. The driver is instantiated directly
 * rather than looked up through DriverManager, whose service discovery depends on the thread's class loader.
 */
public final class SnowflakeConnector {

    static final String DRIVER = "net.snowflake.client.api.driver.SnowflakeDriver";

    private final Driver driver;
    private final Function<String, String> environment;

    /** A connector reading secrets from {@code environment} (System::getenv in production). */
    public SnowflakeConnector(Function<String, String> environment) {
        this.environment = environment;
        try {
            this.driver = (Driver) Class.forName(DRIVER).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("snowflake-jdbc is not on the classpath", e);
        }
    }

    private static String readSecret(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** A new session for the named account; the caller closes it. */
    public Connection open(String name, SnowflakeAccountSettings settings) throws SQLException {
        return open(name, settings, new Properties());
    }

    /** As {@link #open(String, SnowflakeAccountSettings)}, with extra driver properties (tests: platform detection). */
    public Connection open(String name, SnowflakeAccountSettings settings, Properties extra) throws SQLException {
        Properties p = SnowflakeConnectionSettings.properties(name, settings, environment, SnowflakeConnector::readSecret);
        p.putAll(extra);
        Connection c = driver.connect(SnowflakeConnectionSettings.jdbcUrl(settings), p);
        if (c == null) {
            throw new SQLException("snowflake-jdbc does not accept the URL configured for account '" + name + "'");
        }
        return c;
    }
}
