package io.ledgerhouse.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Completes every caller's identity: in local-admin mode every request (also one without credentials) becomes the
 * administrator; in jwt mode a verified token's team names (the {@code ledgerhouse.auth.teams-claim} claim) are kept
 * as the identity's {@value #TEAMS} attribute, read by {@link Viewer}.
 */
@ApplicationScoped
public class CallerAugmentor implements SecurityIdentityAugmentor {

    /** Identity attribute: the caller's team names, a {@code Set<String>}. */
    public static final String TEAMS = "ledgerhouse.teams";
    static final String LOCAL_ADMIN = "local-admin";

    @Inject
    AccessControl access;
    @Inject
    AuthConfig config;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (access.mode() == AuthMode.LOCAL_ADMIN) {
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(LOCAL_ADMIN)).addRole(Roles.ADMIN)
                    .addAttribute(TEAMS, Set.of()).setAnonymous(false).build());
        }
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity)
                .addAttribute(TEAMS, teams(jwt.getClaim(config.teamsClaim()))).build());
    }

    /** Team names from a claim: a JSON array of strings, a collection, or one comma-separated string. */
    static Set<String> teams(Object claim) {
        Set<String> out = new TreeSet<>();
        if (claim instanceof jakarta.json.JsonArray array) {
            for (jakarta.json.JsonValue v : array) {
                add(out, v instanceof jakarta.json.JsonString s ? s.getString() : v.toString());
            }
        } else if (claim instanceof Collection<?> values) {
            values.forEach(v -> add(out, v instanceof jakarta.json.JsonString s ? s.getString() : String.valueOf(v)));
        } else if (claim instanceof jakarta.json.JsonString s) {
            for (String part : s.getString().split(",")) {
                add(out, part);
            }
        } else if (claim instanceof String s) {
            for (String part : s.split(",")) {
                add(out, part);
            }
        }
        return Set.copyOf(out);
    }

    private static void add(Set<String> out, String team) {
        if (team != null && !team.isBlank()) {
            out.add(team.strip());
        }
    }
}
