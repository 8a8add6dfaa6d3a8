package io.ledgerhouse.api;

import io.ledgerhouse.advise.RedshiftAdvisorService;
import io.ledgerhouse.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/redshift")
@Produces(MediaType.APPLICATION_JSON)
public class RedshiftResource {

    @Inject
    RedshiftAdvisorService redshift;

    @GET
    @Path("/{source}/{cluster}/utilisation")
    @Operation(summary = "A Redshift cluster's hourly utilisation (CPU, connections, disk, concurrency scaling, idle "
            + "hours) over [from, to) (UTC days; default the advisor's last days), and what the advisor makes of it")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    public RedshiftAdvisorService.UtilisationView utilisation(@PathParam("source") String source,
            @PathParam("cluster") String cluster, @QueryParam("from") String from, @QueryParam("to") String to) {
        return redshift.utilisation(source, cluster, from, to);
    }
}
