package io.ledgerhouse.security;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.vertx.ext.web.Router;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

/**
 * Chooses the access-control mode once, at startup ({@link AuthMode#resolve}): a deployment with a verification key
 * runs {@code jwt}; only an explicit setting or the zero-configuration trial runs as the local administrator, and
 * then says so in the log and on every response.
 */
@Startup
@ApplicationScoped
public class AccessControl {

    /** The response header that marks the local-admin mode, so a client (the dashboard) can show a banner. */
    public static final String MODE_HEADER = "X-Ledgerhouse-Auth";

    @Inject
    AuthConfig config;
    @Inject
    Config all;

    private AuthMode mode;

    @PostConstruct
    void resolve() {
        boolean key = present("mp.jwt.verify.publickey") || present(AuthMode.VERIFY_KEY);
        boolean trial = all.getOptionalValue("ledgerhouse.embedded-db.running", Boolean.class).orElse(false);
        mode = AuthMode.resolve(config.mode().orElse(null), new AuthMode.Configured(key,
                present(AuthMode.PROVIDER_KEY), present(AuthMode.CLIENT_KEY), trial));
        if (mode == AuthMode.LOCAL_ADMIN) {
            Log.warnf("Access control: LOCAL ADMIN mode%s — every request is treated as the administrator, without "
                    + "authentication. Fine for a demo on your own machine; a deployed instance sets "
                    + "ledgerhouse.auth.mode=oidc or jwt and what that mode needs (docs/security.md).",
                    config.mode().isPresent() ? " (ledgerhouse.auth.mode=local-admin)"
                            : " (no key configured and the embedded trial database in use)");
        } else if (mode == AuthMode.OIDC) {
            // names and URLs only: the client secret and the cookie secrets are never logged
            Log.infof("Access control: the pages sign in with OpenID Connect at %s (client %s, client secret %s); "
                    + "the API takes bearer JWTs; roles from the groups claim, teams from the '%s' claim",
                    all.getValue(AuthMode.PROVIDER_KEY, String.class), all.getValue(AuthMode.CLIENT_KEY, String.class),
                    present("quarkus.oidc.credentials.secret") || present("quarkus.oidc.credentials.client-secret.value")
                            ? "set" : "not set (a public client)", config.teamsClaim());
        } else {
            Log.infof("Access control: bearer JWTs; roles from the groups claim, teams from the '%s' claim",
                    config.teamsClaim());
        }
    }

    private boolean present(String key) {
        return all.getOptionalValue(key, String.class).filter(v -> !v.isBlank()).isPresent();
    }

    public AuthMode mode() {
        return mode;
    }

    /** In local-admin mode every response (API, pages, documentation) carries {@value #MODE_HEADER}. */
    void markResponses(@Observes Router router) {
        if (mode == AuthMode.LOCAL_ADMIN) {
            router.route().order(Integer.MIN_VALUE).handler(rc -> {
                rc.addHeadersEndHandler(v -> rc.response().headers().set(MODE_HEADER, AuthMode.LOCAL_ADMIN.label));
                rc.next();
            });
        }
    }
}
