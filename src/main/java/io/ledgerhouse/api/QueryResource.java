package io.ledgerhouse.api;

import io.ledgerhouse.allocate.QueryCostService;
import io.ledgerhouse.domain.InvalidParameterException;
import io.ledgerhouse.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class QueryResource {

    @Inject
    QueryCostService queries;
    @Inject
    Clock clock;
    @Inject
    io.ledgerhouse.security.Viewer viewer;
    @Inject
    io.ledgerhouse.advise.AdvisorService advisor;

    @GET
    @Path("/queries/patterns")
    @Operation(summary = "A Snowflake source's costliest query patterns (query_parameterized_hash) over the advisor's "
            + "period: runs, monthly and mean cost, trend (second half against first) and context")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    public io.ledgerhouse.advise.AdvisorService.Patterns patterns(@QueryParam("source") String source) {
        if (source == null || source.isBlank()) {
            throw new InvalidParameterException("source", "source is required");
        }
        return advisor.patterns(source.strip());
    }

    @GET
    @Path("/queries/top")
    @Operation(summary = "The costliest queries (groupBy=query) or query patterns (groupBy=pattern, by=cost|count) "
            + "over [from, to), optionally of one team")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER, Roles.TEAM})
    public List<QueryCostService.TopItem> top(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("by") String by, @QueryParam("groupBy") String groupBy, @QueryParam("team") String team,
            @QueryParam("limit") String limit) {
        LocalDate monthStart = LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1);
        LocalDate f = from == null ? monthStart : date("from", from);
        LocalDate t = to == null ? monthStart.plusMonths(1) : date("to", to);
        if (!f.isBefore(t)) {
            throw new InvalidParameterException("to", "'to' (" + t + ") must be after 'from' (" + f + ")");
        }
        int l;
        try {
            l = limit == null ? 50 : Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            l = -1;
        }
        if (l < 1 || l > 10_000) {
            throw new InvalidParameterException("limit", "limit must be between 1 and 10000");
        }
        String one = team == null || team.isBlank() ? null : team.strip();
        if (one != null) {
            viewer.requireTeam(one);
        }
        return queries.top(f, t, by, groupBy, one, l, viewer.visibleTeams());
    }

    @GET
    @Path("/allocations/explain")
    @Operation(summary = "How a cost was allocated: queryId=… gives each charge the query shared in, the method, the "
            + "rule version and the share; team=…&month=… gives the team's month by category, method and rule")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER, Roles.TEAM})
    public Object explain(@QueryParam("queryId") String queryId, @QueryParam("team") String team,
            @QueryParam("month") String month) {
        if (queryId != null && !queryId.isBlank()) {
            return queries.explainQuery(queryId.strip(), viewer.visibleTeams());
        }
        if (team != null && !team.isBlank()) {
            viewer.requireTeam(team.strip());
            return queries.explainTeam(team.strip(), Months.parse("month", month));
        }
        throw new InvalidParameterException("queryId", "give queryId=<query id>, or team=<team>&month=YYYY-MM");
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(name, "'" + value + "' is not a date; use YYYY-MM-DD");
        }
    }
}
