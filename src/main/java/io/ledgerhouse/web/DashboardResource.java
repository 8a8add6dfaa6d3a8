package io.ledgerhouse.web;

import io.ledgerhouse.allocate.ChargebackDrillService;
import io.ledgerhouse.domain.InvalidParameterException;
import io.ledgerhouse.domain.NotFoundException;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.ledgerhouse.security.AccessControl;
import io.ledgerhouse.security.AuthMode;
import io.ledgerhouse.security.Roles;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.OidcSession;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The dashboard: server-rendered pages under {@code /ui}, each built by its page class from the services. Only reads
 * (actions on a page post to the API). Every page class takes the set of teams the reader may see; without access
 * control every reader sees all teams ({@link #visibleTeams()} is null).
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class DashboardResource {

    @Inject
    OverviewPage overviewPage;
    @Inject
    ChargebackPage chargebackPage;
    @Inject
    WarehousesPage warehousesPage;
    @Inject
    RecommendationsPage recommendationsPage;
    @Inject
    BudgetsPage budgetsPage;
    @Inject
    RulesPage rulesPage;
    @Inject
    Clock clock;

    @Location("web/overview.html")
    Template overview;
    @Location("web/chargeback.html")
    Template chargeback;
    @Location("web/drill.html")
    Template drill;
    @Location("web/query.html")
    Template query;
    @Location("web/warehouses.html")
    Template warehouses;
    @Location("web/warehouse.html")
    Template warehouse;
    @Location("web/recommendations.html")
    Template recommendations;
    @Location("web/recommendation.html")
    Template recommendation;
    @Location("web/budgets.html")
    Template budgets;
    @Location("web/rules.html")
    Template rules;
    @Location("web/error.html")
    Template error;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER, Roles.TEAM})
    public TemplateInstance overview() {
        return page(overview, "overview", "Overview").data("o", overviewPage.overview(visibleTeams()));
    }

    @GET
    @Path("/chargeback")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER, Roles.TEAM})
    public TemplateInstance chargeback(@QueryParam("month") String month) {
        return page(chargeback, "chargeback", "Chargeback").data("s",
                chargebackPage.statement(month(month), visibleTeams()));
    }

    @GET
    @Path("/chargeback/drill")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER, Roles.TEAM})
    public TemplateInstance drill(@QueryParam("month") String month, @QueryParam("team") String team,
            @QueryParam("workload") String workload, @QueryParam("warehouse") String warehouse,
            @QueryParam("user") String user, @QueryParam("pattern") String pattern) {
        if (team == null || team.isBlank()) {
            throw new InvalidParameterException("team", "name the team to drill into");
        }
        // a level is chosen only when every level above it is
        String w = workload;
        String wh = w == null ? null : warehouse;
        String u = wh == null ? null : user;
        String p = u == null ? null : pattern;
        return page(drill, "chargeback", "Chargeback: " + team).data("d", chargebackPage.drill(month(month),
                new ChargebackDrillService.Path(team, w, wh, u, p), visibleTeams()));
    }

    @GET
    @Path("/queries/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER, Roles.TEAM})
    public TemplateInstance query(@PathParam("id") String id) {
        return page(query, "chargeback", "Query " + id).data("q", chargebackPage.query(id, visibleTeams()));
    }

    @GET
    @Path("/warehouses")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    public TemplateInstance warehouses() {
        return page(warehouses, "warehouses", "Warehouses").data("l", warehousesPage.list(visibleTeams()));
    }

    @GET
    @Path("/warehouses/{account}/{name}")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    public TemplateInstance warehouse(@PathParam("account") String account, @PathParam("name") String name) {
        return page(warehouse, "warehouses", "Warehouse " + name).data("w",
                warehousesPage.warehouse(account, name, visibleTeams()));
    }

    @GET
    @Path("/recommendations")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    public TemplateInstance recommendations(@QueryParam("kind") String kind, @QueryParam("status") String status,
            @QueryParam("source") String source) {
        return page(recommendations, "recommendations", "Recommendations").data("r",
                recommendationsPage.list(kind, status, source, visibleTeams()));
    }

    @GET
    @Path("/recommendations/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    public TemplateInstance recommendation(@PathParam("id") long id) {
        return page(recommendation, "recommendations", "Recommendation " + id).data("r",
                recommendationsPage.detail(id, visibleTeams()));
    }

    @GET
    @Path("/budgets")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER, Roles.TEAM})
    public TemplateInstance budgets(@QueryParam("month") String month) {
        return page(budgets, "budgets", "Budgets & alerts").data("b", budgetsPage.budgets(month(month),
                visibleTeams()));
    }

    @GET
    @Path("/rules")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    public TemplateInstance rules(@QueryParam("month") String month) {
        return page(rules, "rules", "Allocation rules").data("r", rulesPage.rules(month(month), visibleTeams()));
    }

    /** A page that does not exist (or that the reader may not see) is an HTML page saying so, not problem+json. */
    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return html(Response.Status.NOT_FOUND, "Not found", e.getMessage());
    }

    /**
     * Ends the reader's sign-in session (oidc mode; a bearer caller has none, and gets the page's 404): the session
     * cookie is cleared, and the browser goes on to the provider's end-session endpoint (RP-initiated logout, so the
     * provider's own session ends too and the next page asks for a sign-in) when the provider has one, otherwise
     * straight to the signed-out page. A POST, like every change (a GET never changes state); any signed-in reader may
     * sign out, also one whose roles open no page.
     */
    @POST
    @Path("/sign-out")
    @Authenticated
    public Uni<Response> signOut(@Context UriInfo uri) {
        if (!signedInWithSession()) {
            throw new NotFoundException("There is no sign-in session to end here: this request came with a bearer "
                    + "token (sign out where it came from, e.g. your sign-in proxy) or as the local administrator.");
        }
        OidcSession session = sessions.get();
        JsonWebToken idToken = session.getIdToken();
        String hint = idToken == null ? null : idToken.getRawToken();
        URI signedOut = uri.getBaseUriBuilder().path(SIGNED_OUT).build();
        String endSession = providers.get().getEndSessionUri();
        return session.logout().map(done -> {
            if (endSession == null || endSession.isBlank()) {
                return Response.seeOther(signedOut).build();
            }
            UriBuilder end = UriBuilder.fromUri(endSession).queryParam("post_logout_redirect_uri", signedOut);
            clientId.ifPresent(id -> end.queryParam("client_id", id));
            if (hint != null) {
                end.queryParam("id_token_hint", hint);
            }
            return Response.seeOther(end.build()).build();
        });
    }

    /** The page a browser lands on after signing out: static, so it needs no session (and starts no sign-in). */
    public static final String SIGNED_OUT = "/ui-assets/signed-out.html";

    /** A page opened without signing in: an HTML page that says how to sign in, with the bearer challenge. */
    @ServerExceptionMapper
    public Response unauthenticated(io.quarkus.security.UnauthorizedException e) {
        return Response.fromResponse(html(Response.Status.UNAUTHORIZED, "Sign in to see this page", "Ledgerhouse pages "
                + "need a signed-in user: open them through your sign-in proxy, which passes your bearer token "
                + "(docs/security.md).")).header("WWW-Authenticate", "Bearer").build();
    }

    /** A page the reader's role may not open. */
    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return html(Response.Status.FORBIDDEN, "Not for your role", "This page is for administrators, FinOps and "
                + "engineers; team members see their teams on the overview, the chargeback statement and the budgets.");
    }

    @ServerExceptionMapper
    public Response invalid(InvalidParameterException e) {
        return html(Response.Status.BAD_REQUEST, "Check the address", e.getMessage());
    }

    private Response html(Response.Status status, String heading, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(reader(error).data("nav", "")
                .data("title", heading).data("heading", heading).data("message", message).render()).build();
    }

    @Inject
    io.ledgerhouse.security.Viewer viewer;
    @Inject
    AccessControl access;
    @Inject
    SecurityIdentity identity;
    // lazily: the OIDC extension's beans exist only for a signed-in session (oidc mode)
    @Inject
    Instance<OidcSession> sessions;
    @Inject
    Instance<OidcConfigurationMetadata> providers;
    @ConfigProperty(name = "quarkus.oidc.client-id")
    Optional<String> clientId;

    /** The teams the reader may see; null: all (docs/security.md). */
    Set<String> visibleTeams() {
        return viewer.visibleTeams();
    }

    private TemplateInstance page(Template t, String nav, String title) {
        return reader(t.instance()).data("nav", nav).data("title", title);
    }

    /** The header's reader: the signed-in name (none for an anonymous reader) and, with a session, Sign out. */
    private TemplateInstance reader(TemplateInstance t) {
        return t.data("signedIn", viewer.signedIn()).data("signOut", signedInWithSession());
    }

    /** Whether the reader came with a sign-in session (oidc mode, the code flow), not with a bearer token. */
    private boolean signedInWithSession() {
        return access.mode() == AuthMode.OIDC && identity.getCredential(IdTokenCredential.class) != null;
    }

    private TemplateInstance reader(Template t) {
        return reader(t.instance());
    }

    private YearMonth month(String month) {
        if (month == null || month.isBlank()) {
            return YearMonth.now(clock.withZone(ZoneOffset.UTC));
        }
        try {
            return YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException("month", "'" + month + "' is not a month; use YYYY-MM");
        }
    }
}
