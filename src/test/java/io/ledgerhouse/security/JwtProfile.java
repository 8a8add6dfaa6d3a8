package io.ledgerhouse.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The application as deployed: bearer JWTs verified with a public key read from a PEM file (a key pair made when the
 * tests start, {@link TestSigningKey}). Each profile restarts Quarkus, so the tests have few of them (this one, and
 * {@link OidcProfile}).
 */
public class JwtProfile implements QuarkusTestProfile {

    static final String ISSUER = "https://issuer.test.ledgerhouse.io";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ledgerhouse.auth.mode", "jwt",
                "mp.jwt.verify.publickey.location", TestSigningKey.publicKeyFile().toString(),
                "mp.jwt.verify.issuer", ISSUER);
    }
}
