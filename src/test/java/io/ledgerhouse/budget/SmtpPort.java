package io.ledgerhouse.budget;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Reserves a free port for the tests' SMTP server (GreenMail) and points the mailer at it. */
public class SmtpPort implements QuarkusTestResourceLifecycleManager {

    private static final String PROPERTY = "ledgerhouse.test.smtp-port";

    public static int port() {
        return Integer.parseInt(System.getProperty(PROPERTY));
    }

    @Override
    public Map<String, String> start() {
        int port = io.ledgerhouse.testing.FreePort.find();
        System.setProperty(PROPERTY, Integer.toString(port));
        return Map.of("quarkus.mailer.port", Integer.toString(port));
    }

    @Override
    public void stop() {
        System.clearProperty(PROPERTY);
    }
}
