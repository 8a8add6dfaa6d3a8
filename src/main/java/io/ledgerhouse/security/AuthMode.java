package io.ledgerhouse.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How callers are identified. */
public enum AuthMode {
    /** Bearer JWTs carrying roles and teams. */
    JWT("jwt"),
    /**
     * Bearer JWTs for the API, as {@link #JWT}; the pages sign people in with the OpenID Connect authorization-code
     * flow (a redirect to the identity provider, then an encrypted session cookie).
     */
    OIDC("oidc"),
    /** Every request is an administrator: the demo on one's own machine. */
    LOCAL_ADMIN("local-admin");

    /** The keys that configure the pages' sign-in (named in refusals to start). */
    static final String PROVIDER_KEY = "quarkus.oidc.auth-server-url";
    static final String CLIENT_KEY = "quarkus.oidc.client-id";
    static final String VERIFY_KEY = "mp.jwt.verify.publickey.location";

    public final String label;

    AuthMode(String label) {
        this.label = label;
    }

    /** What the configuration holds, as far as choosing a mode goes (no values: secrets never reach here). */
    public record Configured(boolean verificationKey, boolean signInProvider, boolean signInClient,
            boolean embeddedTrialDatabase) {
    }

    /** The mode of a configured value, or an exception naming the accepted ones. */
    public static AuthMode of(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (AuthMode m : values()) {
            if (m.label.equals(v)) {
                return m;
            }
        }
        throw new IllegalStateException("ledgerhouse.auth.mode='" + value + "' is not a mode; use jwt, oidc or "
                + "local-admin");
    }

    /**
     * The mode in force: the configured one; unset, {@code oidc} when a sign-in provider is configured
     * ({@value #PROVIDER_KEY}), {@code jwt} when only a verification key is, {@code local-admin} for the
     * zero-configuration trial (embedded database, nothing configured), and otherwise none (the caller refuses to
     * start, so a deployment never runs open by accident). {@code oidc} needs the provider, the client id and the
     * key that verifies the API's bearer tokens; {@code jwt} needs the key.
     *
     * @throws IllegalStateException when no mode can be chosen safely, or a mode lacks what it needs; the message
     *     names the keys to set
     */
    public static AuthMode resolve(String configured, Configured c) {
        AuthMode m;
        if (configured != null && !configured.isBlank()) {
            m = of(configured);
        } else if (c.signInProvider()) {
            m = OIDC;
        } else if (c.verificationKey()) {
            m = JWT;
        } else if (c.embeddedTrialDatabase()) {
            m = LOCAL_ADMIN;
        } else {
            throw new IllegalStateException("Access control is not configured: set ledgerhouse.auth.mode=jwt with "
                    + VERIFY_KEY + " (see docs/security.md), ledgerhouse.auth.mode=oidc with " + PROVIDER_KEY + ", "
                    + CLIENT_KEY + " and " + VERIFY_KEY + " to let people sign in to the pages, or "
                    + "ledgerhouse.auth.mode=local-admin to let every caller in as an administrator");
        }
        if (m == JWT && !c.verificationKey()) {
            throw new IllegalStateException("ledgerhouse.auth.mode=jwt needs the key that verifies tokens: set "
                    + VERIFY_KEY + " (a PEM or JWKS file, or the identity provider's JWKS URL) "
                    + "or mp.jwt.verify.publickey (see docs/security.md)");
        }
        if (m == OIDC) {
            List<String> missing = new ArrayList<>();
            if (!c.signInProvider()) {
                missing.add(PROVIDER_KEY + " (the identity provider's issuer URL)");
            }
            if (!c.signInClient()) {
                missing.add(CLIENT_KEY + " (the client registered for Ledgerhouse)");
            }
            if (!c.verificationKey()) {
                missing.add(VERIFY_KEY + " (the provider's JWKS URL, which verifies the API's bearer tokens)");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("ledgerhouse.auth.mode=oidc" + (configured == null
                        || configured.isBlank() ? " (chosen because " + PROVIDER_KEY + " is set)" : "")
                        + " needs " + String.join(", ", missing) + " (see docs/security.md)");
            }
        }
        return m;
    }

    /**
     * Whether the pages' sign-in (the OIDC extension's default tenant) is switched on: exactly when the mode in force
     * is {@code oidc}. A configuration that cannot start says no here; {@link #resolve} then says why.
     */
    public static boolean signInEnabled(String configured, Configured c) {
        try {
            return resolve(configured, c) == OIDC;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
