package io.ledgerhouse.security;

import io.ledgerhouse.domain.AccessDeniedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Set;

/**
 * Who is asking, and which teams' data they may see: the one place team scoping is decided. Admins, FinOps and
 * engineers see every team ({@link #visibleTeams()} is null); a caller with only the {@code team} role sees the teams
 * of its token's teams claim, and never idle, unallocated or another team's lines. Resources pass
 * {@link #visibleTeams()} into services, and call {@link #requireTeam} for a team named in a request.
 */
@RequestScoped
public class Viewer {

    @Inject
    SecurityIdentity identity;

    /** The caller's name (the token's {@code upn}, {@code preferred_username} or {@code sub}). */
    public String name() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    /** The signed-in caller's name for the pages' header; null for an anonymous caller. */
    public String signedIn() {
        return identity.isAnonymous() ? null : identity.getPrincipal().getName();
    }

    /** True when the caller sees every team's data. */
    public boolean seesAllTeams() {
        return identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.FINOPS) || identity.hasRole(Roles.ENGINEER);
    }

    /** The teams whose data the caller may see; null means all (and the lines of no team: idle, unallocated). */
    public Set<String> visibleTeams() {
        if (seesAllTeams()) {
            return null;
        }
        if (!identity.hasRole(Roles.TEAM)) {
            return Set.of();
        }
        Set<String> teams = identity.getAttribute(CallerAugmentor.TEAMS);
        return teams == null ? Set.of() : teams;
    }

    /** Whether the caller may see the data of {@code team} (null: a line of no team). */
    public boolean sees(String team) {
        Set<String> visible = visibleTeams();
        return visible == null || (team != null && visible.contains(team));
    }

    /** @throws AccessDeniedException unless the caller may see {@code team}'s data */
    public void requireTeam(String team) {
        if (!sees(team)) {
            throw new AccessDeniedException("You may see the data of your own teams only"
                    + (visibleTeams().isEmpty() ? " (your token names none)" : ": " + String.join(", ",
                            new java.util.TreeSet<>(visibleTeams()))) + ".");
        }
    }

    /** @throws AccessDeniedException unless the caller may see the data of every team in {@code teams} */
    public void requireTeams(Collection<String> teams) {
        teams.forEach(this::requireTeam);
    }

    /** @throws AccessDeniedException unless the caller sees every team (scopes that are not a team's) */
    public void requireAllTeams(String what) {
        if (!seesAllTeams()) {
            throw new AccessDeniedException(what + " is not a team's own data; a team member may ask for the "
                    + "team's scopes only.");
        }
    }
}
