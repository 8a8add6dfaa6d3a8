package io.ledgerhouse.api;

import io.ledgerhouse.allocate.TeamService;
import io.ledgerhouse.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TeamResource {

    @Inject
    TeamService teams;
    @Inject
    io.ledgerhouse.security.Viewer viewer;

    @GET
    @Operation(summary = "Registered teams with their owners, cost center and workloads")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER, Roles.TEAM})
    public List<TeamService.TeamView> list() {
        return teams.list(viewer.visibleTeams());
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER, Roles.TEAM})
    public TeamService.TeamView get(@PathParam("name") String name) {
        viewer.requireTeam(name);
        return teams.get(name);
    }

    @POST
    @Operation(summary = "Register a team: name (as rules assign it), owners' e-mails, cost center")
    @RolesAllowed(Roles.ADMIN)
    public Response create(TeamService.TeamRequest request) {
        TeamService.TeamView t = teams.create(Bodies.required(request));
        return Response.created(URI.create("/api/v1/teams/" + encode(t.name()))).entity(t).build();
    }

    @PUT
    @Path("/{name}")
    @Operation(summary = "Replace a team's owners and cost center")
    @RolesAllowed(Roles.ADMIN)
    public TeamService.TeamView update(@PathParam("name") String name, TeamService.TeamRequest request) {
        return teams.update(name, Bodies.required(request));
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Remove a team and its workloads (its past allocations stay)")
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("name") String name) {
        teams.delete(name);
        return Response.noContent().build();
    }

    @POST
    @Path("/{name}/workloads")
    @Operation(summary = "Add a workload to a team")
    @RolesAllowed(Roles.ADMIN)
    public Response addWorkload(@PathParam("name") String name, TeamService.WorkloadRequest request) {
        return Response.status(Response.Status.CREATED).entity(teams.addWorkload(name, Bodies.required(request)))
                .build();
    }

    @DELETE
    @Path("/{name}/workloads/{workload}")
    @RolesAllowed(Roles.ADMIN)
    public Response removeWorkload(@PathParam("name") String name, @PathParam("workload") String workload) {
        teams.removeWorkload(name, workload);
        return Response.noContent().build();
    }

    private static String encode(String name) {
        return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
