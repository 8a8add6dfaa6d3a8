package io.ledgerhouse.api;

import io.ledgerhouse.advise.RecommendationService;
import io.ledgerhouse.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/recommendations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RecommendationResource {

    @Inject
    RecommendationService recommendations;
    @Inject
    io.ledgerhouse.advise.AdvisorService advisor;
    @Inject
    io.ledgerhouse.advise.RedshiftAdvisorService redshift;

    /** A status change: the new status, and why (required to dismiss). */
    public record StatusRequest(String status, String reason) {
    }

    @GET
    @Operation(summary = "Recommendations, largest monthly savings first; filter by kind, status, target "
            + "(name or type:name) and source")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    public List<RecommendationService.RecommendationView> list(@QueryParam("kind") String kind,
            @QueryParam("status") String status, @QueryParam("target") String target,
            @QueryParam("source") String source) {
        return recommendations.list(kind, status, target, source);
    }

    @POST
    @Path("/refresh")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Run the advisor now on a Snowflake or AWS source (all when absent); unchanged advice keeps "
            + "its id")
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER})
    public List<RecommendationService.Refresh> refresh(@QueryParam("source") String source) {
        if (source == null || source.isBlank()) {
            List<RecommendationService.Refresh> all = new java.util.ArrayList<>(advisor.refreshAll());
            all.addAll(redshift.refreshAll());
            return all;
        }
        return List.of(redshift.handles(source.strip()) ? redshift.refresh(source.strip())
                : advisor.refresh(source.strip()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One recommendation with its evidence, SQL and history")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    public RecommendationService.RecommendationView get(@PathParam("id") long id) {
        return recommendations.get(id);
    }

    @POST
    @Path("/{id}/status")
    @Operation(summary = "Move a recommendation: OPEN → ACCEPTED or DISMISSED (with a reason), ACCEPTED → APPLIED "
            + "(once the SQL was run); Ledgerhouse sets VERIFIED after measuring the effect. Other moves: 409")
    @RolesAllowed({Roles.ADMIN, Roles.ENGINEER})
    public RecommendationService.RecommendationView status(@PathParam("id") long id, StatusRequest request) {
        StatusRequest r = Bodies.required(request);
        return recommendations.changeStatus(id, r.status(), r.reason());
    }
}
