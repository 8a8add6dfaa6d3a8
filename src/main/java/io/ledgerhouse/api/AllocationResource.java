package io.ledgerhouse.api;

import io.ledgerhouse.allocate.AllocationService;
import io.ledgerhouse.allocate.ChargebackService;
import io.ledgerhouse.allocate.FocusExportService;
import io.ledgerhouse.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.YearMonth;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1")
public class AllocationResource {

    @Inject
    AllocationService allocations;
    @Inject
    ChargebackService chargeback;
    @Inject
    FocusExportService focus;
    @Inject
    io.ledgerhouse.security.Viewer viewer;

    /** What to allocate: a month, and one source (all when absent). */
    public record RunRequest(String month, String source) {
    }

    @POST
    @Path("/allocations/runs")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Allocate a month now (every source, or one): replaces that month's allocation atomically")
    @RolesAllowed(Roles.ADMIN)
    public Response run(RunRequest request) {
        YearMonth month = Months.parse("month", request == null ? null : request.month());
        List<AllocationService.RunSummary> runs = request.source() == null || request.source().isBlank()
                ? allocations.runAll(month) : List.of(allocations.run(request.source().strip(), month));
        return Response.status(Response.Status.CREATED).entity(runs).build();
    }

    @GET
    @Path("/chargeback")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "The month's chargeback statement: per team compute, idle, cloud services, storage, "
            + "serverless, other, shared-in and total; the idle and unallocated lines; the bill and the difference. "
            + "format=csv gives the statement as CSV; format=focus the allocated rows as FOCUS CSV with x_Team, "
            + "x_Workload and x_AllocationMethod")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER, Roles.TEAM})
    public Response statement(@QueryParam("month") String month, @QueryParam("format") String format,
            @HeaderParam("Accept") String accept) {
        YearMonth m = Months.parse("month", month);
        if (format != null && !format.equalsIgnoreCase("csv") && !format.equalsIgnoreCase("json")
                && !format.equalsIgnoreCase("focus")) {
            throw new io.ledgerhouse.domain.InvalidParameterException("format", "'" + format + "' is not a format; "
                    + "use json, csv (the statement) or focus (the allocated rows as FOCUS CSV)");
        }
        if ("focus".equalsIgnoreCase(format)) {
            java.util.Set<String> teams = viewer.visibleTeams();
            StreamingOutput body = out -> focus.write(m, out, teams);
            return Response.ok(body, "text/csv").header("Content-Disposition", "attachment; filename=\"allocation-"
                    + m + ".focus.csv\"").build();
        }
        ChargebackService.Statement s = chargeback.statement(m, viewer.visibleTeams());
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null
                && accept.contains("text/csv") && !accept.contains(MediaType.APPLICATION_JSON));
        if (csv) {
            return Response.ok(ChargebackService.csv(s), "text/csv")
                    .header("Content-Disposition", "attachment; filename=\"chargeback-" + s.month() + ".csv\"")
                    .build();
        }
        return Response.ok(s, MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/reconciliation")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Per source and currency: billed, allocated to teams, idle, unallocated, difference")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS})
    public List<ChargebackService.SourceReconciliation> reconciliation(@QueryParam("month") String month) {
        return chargeback.reconciliation(Months.parse("month", month));
    }
}
