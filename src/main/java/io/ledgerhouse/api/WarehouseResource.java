package io.ledgerhouse.api;

import io.ledgerhouse.advise.AdvisorService;
import io.ledgerhouse.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/warehouses")
@Produces(MediaType.APPLICATION_JSON)
public class WarehouseResource {

    @Inject
    AdvisorService advisor;

    @GET
    @Path("/{account}/{name}/auto-suspend")
    @Operation(summary = "The auto-suspend curve of a warehouse: the last days' queries replayed under every "
            + "candidate setting (cost, resumes, cold-cache queries), with the replay's fidelity against metering, "
            + "the workload class and the current and recommended settings marked")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    public AdvisorService.Curve autoSuspend(@PathParam("account") String account, @PathParam("name") String name) {
        return advisor.autoSuspendCurve(account, name);
    }
}
