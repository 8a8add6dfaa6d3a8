package io.ledgerhouse.collect.aws.fakes;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Reserves a free port for the fake AWS endpoints of the configured test account {@code aws-test} and points the
 * account's endpoint override at it; gives the SDK's default credential chain fake keys (as system properties, the
 * chain's second link), so nothing on the build machine is read.
 */
public class FakeAwsPort implements QuarkusTestResourceLifecycleManager {

    private static final String PROPERTY = "ledgerhouse.test.fake-aws-port";

    /** The port tests start the fake on. */
    public static int port() {
        return Integer.parseInt(System.getProperty(PROPERTY));
    }

    @Override
    public Map<String, String> start() {
        int port = io.ledgerhouse.testing.FreePort.find();
        System.setProperty(PROPERTY, Integer.toString(port));
        System.setProperty("aws.accessKeyId", "AKIDFAKEFAKEFAKE");
        System.setProperty("aws.secretAccessKey", "fake-secret");
        return Map.of("ledgerhouse.aws.accounts.aws-test.endpoint-override", "http://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        System.clearProperty(PROPERTY);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }
}
