package io.ledgerhouse.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The application as deployed: bearer JWTs verified with the test key pair (src/test/resources/security; a key made
 * for these tests only). The one test profile besides the default, since each profile restarts Quarkus.
 */
public class JwtProfile implements QuarkusTestProfile {

    static final String ISSUER = "https://issuer.test.ledgerhouse.io";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ledgerhouse.auth.mode", "jwt",
                "mp.jwt.verify.publickey.location", "security/test-verify-key.pem",
                "mp.jwt.verify.issuer", ISSUER);
    }
}
