package io.ledgerhouse.security;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.vertx.http.security.HttpSecurity;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

/**
 * Chooses the access-control mode once, at startup ({@link AuthMode#resolve}): a deployment with a sign-in provider
 * runs {@code oidc}, one with only a verification key {@code jwt}; only an explicit setting or the zero-configuration
 * trial runs as the local administrator, and then says so in the log and on every response. In {@code oidc} mode it
 * also makes the pages ask for a signed-in session ({@link #signInForPages}).
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

    /**
     * In oidc mode the pages need a caller before a page is chosen, so that a browser without a session gets the
     * OIDC extension's challenge: a redirect to the provider's authorization endpoint. (Without this, the page's own
     * {@code @RolesAllowed} would refuse with the HTML 401 page, meant for bearer callers.) The API is left alone:
     * its refusals stay {@code 401 application/problem+json} from its exception mapper, never a redirect.
     */
    void signInForPages(@Observes HttpSecurity http) {
        if (mode == AuthMode.OIDC) {
            http.path(PAGES, PAGES + "/*").authenticated();
            // Prometheus is no browser: metrics take bearer tokens only, and refuse with 401, never a sign-in redirect
            http.path("/q/metrics", "/q/metrics/*").bearer().authenticated();
        }
    }

    /** Where the pages are. */
    public static final String PAGES = "/ui";
    /**
     * The header the pages' scripts send with every request that changes something. A request authenticated by the
     * session cookie alone must carry it: another site can make a browser post a form (with the cookie, where the
     * browser still sends it cross-site) but cannot add a header without a CORS preflight, which is not allowed.
     */
    public static final String PAGE_HEADER = "X-Ledgerhouse-Page";

    /**
     * In oidc mode the pages' actions post to the API with the session cookie instead of a bearer token; such a
     * write must carry {@value #PAGE_HEADER} (cross-site request forgery), or it is refused with a 403 problem.
     * Reads, and requests with an Authorization header (a cookie is then not what authenticates them), pass.
     */
    void guardSessionWrites(@Observes Router router) {
        if (mode != AuthMode.OIDC) {
            return;
        }
        router.route("/api/*").order(Integer.MIN_VALUE + 1).handler(rc -> {
            var request = rc.request();
            boolean write = !(request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD
                    || request.method() == HttpMethod.OPTIONS);
            boolean session = rc.request().cookies().stream().anyMatch(c -> c.getName().startsWith("q_session"));
            if (write && session && request.getHeader("Authorization") == null
                    && request.getHeader(PAGE_HEADER) == null) {
                rc.response().setStatusCode(403).putHeader("Content-Type", "application/problem+json")
                        .end("{\"type\":\"https://ledgerhouse.io/problems/forbidden\",\"title\":\"Forbidden\","
                                + "\"status\":403,\"detail\":\"A change made with the sign-in session must come "
                                + "from the Ledgerhouse pages (header " + PAGE_HEADER + "); API clients send a bearer "
                                + "token.\"}");
                return;
            }
            rc.next();
        });
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
