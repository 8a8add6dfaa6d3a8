package io.ledgerhouse.api;

import io.ledgerhouse.advise.BigQueryAdvisorService;
import io.ledgerhouse.advise.engine.BigQueryCapacityAdvisor;
import io.ledgerhouse.advise.engine.BigQueryQueryAdvisor;
import io.ledgerhouse.domain.InvalidParameterException;
import io.ledgerhouse.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/bigquery")
@Produces(MediaType.APPLICATION_JSON)
public class BigQueryResource {

    @Inject
    BigQueryAdvisorService advisor;

    @GET
    @Path("/{source}/capacity")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    @Operation(summary = "Each project's (by=project, the default) or reservation's (by=reservation) per-minute slot "
            + "usage replayed under every edition, baseline and commitment (cheapest first), beside the on-demand cost "
            + "of the same jobs and what the period was billed")
    public List<BigQueryCapacityAdvisor.Study> capacity(@PathParam("source") String source,
            @QueryParam("by") String by) {
        if (by == null || by.isBlank() || by.strip().equals("project")) {
            return advisor.capacity(source);
        }
        if (by.strip().equals("reservation")) {
            return advisor.reservationCapacity(source);
        }
        throw new InvalidParameterException("by", "by must be 'project' or 'reservation'");
    }

    @GET
    @Path("/{source}/queries")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    @Operation(summary = "The query patterns (normalized-literals hash) of the advisor's period ranked by cost, with "
            + "runs, cache hits, bytes, slot-hours, users, labels and an example text; the full scans of large "
            + "unpartitioned tables; and the advice drawn from them")
    public BigQueryQueryAdvisor.Result queries(@PathParam("source") String source) {
        return advisor.queries(source).orElseGet(() -> new BigQueryQueryAdvisor.Result(null, null, List.of(),
                List.of(), List.of()));
    }
}
