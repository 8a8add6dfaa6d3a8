package io.ledgerhouse.trial;

import io.ledgerhouse.collect.snowflake.SnowflakeCollector;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A session to the trial's simulated Snowflake account: a PostgreSQL connection whose statements take the collector's
 * Snowflake SQL and run it, rewritten by {@link AccountUsageSchema#toPostgres}, against the account's schema. The
 * collector reads it exactly as it reads a real account (the real driver's wire protocol is covered by the tests'
 * fake server). The connection is its own, outside the collector's transaction, and reads with a cursor.
 */
final class SimulatedAccountSession implements SnowflakeCollector.Session {

    private final String jdbcUrl;
    private final Properties credentials;
    private final String schema;

    SimulatedAccountSession(String jdbcUrl, Properties credentials, String schema) {
        this.jdbcUrl = jdbcUrl;
        this.credentials = credentials;
        this.schema = schema;
    }

    @Override
    public Connection open() throws SQLException {
        Connection connection = new org.postgresql.Driver().connect(jdbcUrl, credentials);
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                forward(connection, (method, args) -> {
                    if (method.getName().equals("createStatement") && method.getParameterCount() == 0) {
                        Statement statement = connection.createStatement();
                        statement.setFetchSize(10_000);
                        return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
                                forward(statement, (m, a) -> {
                                    if (m.getName().equals("executeQuery") && a != null && a.length == 1) {
                                        return statement.executeQuery(AccountUsageSchema.toPostgres((String) a[0],
                                                schema));
                                    }
                                    return NOT_HANDLED;
                                }));
                    }
                    return NOT_HANDLED;
                }));
    }

    private static final Object NOT_HANDLED = new Object();

    @FunctionalInterface
    private interface Interceptor {
        Object invoke(Method method, Object[] args) throws SQLException;
    }

    /** Calls {@code override} first; what it does not handle goes to {@code target}. */
    private static InvocationHandler forward(Object target, Interceptor override) {
        return (proxy, method, args) -> {
            Object result = override.invoke(method, args);
            if (result != NOT_HANDLED) {
                return result;
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
    }
}
