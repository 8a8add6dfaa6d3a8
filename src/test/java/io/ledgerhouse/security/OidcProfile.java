package io.ledgerhouse.security;

import io.ledgerhouse.security.fakes.FakeOidcProviderResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The application as deployed with sign-in for the pages: oidc mode against the in-JVM fake provider, whose JWKS also
 * verifies the API's bearer tokens. (Each profile restarts Quarkus; this one is used by {@link OidcSignInTest} only.)
 */
public class OidcProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(FakeOidcProviderResource.config());
        config.put("ledgerhouse.auth.mode", "oidc");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeOidcProviderResource.class));
    }
}
