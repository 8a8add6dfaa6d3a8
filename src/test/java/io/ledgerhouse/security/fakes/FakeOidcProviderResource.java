package io.ledgerhouse.security.fakes;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The {@link FakeOidcProvider} of a test profile in oidc mode, and the configuration that points Ledgerhouse at it:
 * the sign-in provider and client (with a client secret made up for this run, never committed), and the provider's
 * JWKS as the key that verifies the API's bearer tokens, as a deployment would configure it.
 *
 * <p>The profile asks for the configuration while Quarkus is being built ({@link #config()}), so the provider starts
 * then: the build must already see {@code mp.jwt.verify.publickey.location}, or smallrye-jwt makes itself a
 * throwaway key for tests and ignores the configured one. As a test resource, this class closes the provider when the
 * profile's tests are done.
 */
public class FakeOidcProviderResource implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_ID = "ledgerhouse-test";
    private static FakeOidcProvider provider;
    private static String secret;

    /** The running provider. */
    public static synchronized FakeOidcProvider provider() {
        if (provider == null) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            // 48 characters: long enough that quarkus-oidc also encrypts the state and session cookies with it
            secret = HexFormat.of().formatHex(random);
            try {
                provider = new FakeOidcProvider(CLIENT_ID, secret);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return provider;
    }

    /** Ledgerhouse's configuration for the provider (starting it if it is not running). */
    public static synchronized Map<String, String> config() {
        FakeOidcProvider p = provider();
        return Map.of("quarkus.oidc.auth-server-url", p.issuer(),
                "quarkus.oidc.client-id", CLIENT_ID,
                "quarkus.oidc.credentials.secret", secret,
                "mp.jwt.verify.publickey.location", p.issuer() + "/jwks",
                "mp.jwt.verify.issuer", p.issuer());
    }

    @Override
    public Map<String, String> start() {
        return config();
    }

    @Override
    public synchronized void stop() {
        if (provider != null) {
            provider.close();
            provider = null;
        }
    }
}
