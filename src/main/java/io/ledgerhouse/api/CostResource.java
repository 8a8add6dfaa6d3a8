package io.ledgerhouse.api;

import io.ledgerhouse.costs.CostReport;
import io.ledgerhouse.costs.CostService;
import io.ledgerhouse.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

@Path("/api/v1/costs")
@Produces(MediaType.APPLICATION_JSON)
public class CostResource {

    @Inject
    CostService costs;
    @Inject
    io.ledgerhouse.security.Viewer viewer;

    @GET
    @Operation(summary = "Sum costs over a period",
            description = "Exact sums of BilledCost, EffectiveCost, ListCost and ContractedCost per group and billing "
                    + "currency, for charges whose ChargePeriodStart is in [from, to).")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER, Roles.TEAM})
    public CostReport costs(
            @Parameter(description = "First day, inclusive (YYYY-MM-DD, UTC). Default: first day of this month.")
            @QueryParam("from") String from,
            @Parameter(description = "Last day, exclusive (YYYY-MM-DD, UTC). Default: first day of next month.")
            @QueryParam("to") String to,
            @Parameter(description = "Comma-separated: provider, service, serviceCategory, account, subAccount, "
                    + "region, resource, chargeCategory, source, day, month, tag:<key>")
            @QueryParam("groupBy") String groupBy,
            @Parameter(description = "Comma-separated dimension:value terms, e.g. provider:AWS,tag:env:prod. Terms on "
                    + "the same dimension are ORed, different dimensions ANDed.")
            @QueryParam("filter") String filter,
            @Parameter(description = "Most groups returned (default 1000, at most 100000); totals cover all.")
            @QueryParam("limit") String limit) {
        return costs.costs(from, to, groupBy, filter, limit, viewer.visibleTeams());
    }
}
