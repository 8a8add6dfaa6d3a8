package io.ledgerhouse.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Access control: who the caller is (docs/security.md). */
@ConfigMapping(prefix = "ledgerhouse.auth")
public interface AuthConfig {

    /**
     * {@code jwt}: every request needs a bearer token verified with {@code mp.jwt.verify.publickey.location} (a PEM
     * or JWKS file or URL) or {@code mp.jwt.verify.publickey}; a deployed instance sets this. {@code local-admin}:
     * every request is an administrator, for a demo on one's own machine (logged as a warning at startup, and marked on
     * every response with {@code X-Ledgerhouse-Auth: local-admin}). Unset: {@code jwt} when a key is configured,
     * {@code local-admin} only for the zero-configuration trial (embedded database and no key), and otherwise the
     * application refuses to start.
     */
    Optional<String> mode();

    /** The token claim that lists the caller's team names (an array of strings, or one comma-separated string). */
    @WithDefault("teams")
    String teamsClaim();
}
