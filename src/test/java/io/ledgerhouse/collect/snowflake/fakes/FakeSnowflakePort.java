package io.ledgerhouse.collect.snowflake.fakes;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Reserves a free port for the fake Snowflake of the configured test account {@code fake-acct} and points the
 * account's URL at it, so no fixed port can collide with something else on the build machine.
 */
public class FakeSnowflakePort implements QuarkusTestResourceLifecycleManager {

    private static final String PROPERTY = "ledgerhouse.test.fake-snowflake-port";

    /** The port tests start the fake on. */
    public static int port() {
        return Integer.parseInt(System.getProperty(PROPERTY));
    }

    @Override
    public Map<String, String> start() {
        int port = io.ledgerhouse.testing.FreePort.find();
        System.setProperty(PROPERTY, Integer.toString(port));
        return Map.of("ledgerhouse.snowflake.accounts.fake-acct.url",
                "jdbc:snowflake://127.0.0.1:" + port + "/?ssl=off&account=fake");
    }

    @Override
    public void stop() {
        System.clearProperty(PROPERTY);
    }
}
