package io.ledgerhouse.api;

import io.ledgerhouse.collect.SourceService;
import io.ledgerhouse.collect.SourceView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/sources")
@Produces(MediaType.APPLICATION_JSON)
public class SourceResource {

    @Inject
    SourceService sources;

    @GET
    @Operation(summary = "Sources and their health: last run, last success, last error, lag per view, redacted configuration")
    public List<SourceView> list() {
        return sources.list();
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One source and its health")
    public SourceView get(@PathParam("name") String name) {
        return sources.get(name);
    }

    @POST
    @Path("/{name}/runs")
    @Operation(summary = "Run the source's collector now; answers with the run's outcome")
    public Response run(@PathParam("name") String name) {
        io.ledgerhouse.collect.RunOutcome report = sources.runNow(name);
        return Response.status(Response.Status.CREATED).entity(report).build();
    }
}
