package io.ledgerhouse.security;

import java.util.Locale;

/** How callers are identified. */
public enum AuthMode {
    /** Bearer JWTs carrying roles and teams. */
    JWT("jwt"),
    /** Every request is an administrator: the demo on one's own machine. */
    LOCAL_ADMIN("local-admin");

    public final String label;

    AuthMode(String label) {
        this.label = label;
    }

    /** The mode of a configured value, or an exception naming the accepted ones. */
    public static AuthMode of(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (AuthMode m : values()) {
            if (m.label.equals(v)) {
                return m;
            }
        }
        throw new IllegalStateException("ledgerhouse.auth.mode='" + value + "' is not a mode; use jwt or local-admin");
    }

    /**
     * The mode in force: the configured one; unset, {@code jwt} when a verification key is configured,
     * {@code local-admin} for the zero-configuration trial (embedded database, no key), and otherwise none (the
     * caller refuses to start, so a deployment never runs open by accident).
     *
     * @throws IllegalStateException when no mode can be chosen safely, or jwt is asked for without a key
     */
    public static AuthMode resolve(String configured, boolean keyConfigured, boolean embeddedTrialDatabase) {
        if (configured != null && !configured.isBlank()) {
            AuthMode m = of(configured);
            if (m == JWT && !keyConfigured) {
                throw new IllegalStateException("ledgerhouse.auth.mode=jwt needs the key that verifies tokens: set "
                        + "mp.jwt.verify.publickey.location (a PEM or JWKS file, or the identity provider's JWKS URL) "
                        + "or mp.jwt.verify.publickey (see docs/security.md)");
            }
            return m;
        }
        if (keyConfigured) {
            return JWT;
        }
        if (embeddedTrialDatabase) {
            return LOCAL_ADMIN;
        }
        throw new IllegalStateException("Access control is not configured: set ledgerhouse.auth.mode=jwt with "
                + "mp.jwt.verify.publickey.location (see docs/security.md), or ledgerhouse.auth.mode=local-admin to let "
                + "every caller in as an administrator");
    }
}
