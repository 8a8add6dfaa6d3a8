package io.ledgerhouse.api;

import io.ledgerhouse.budget.AlertService;
import io.ledgerhouse.budget.BudgetAlertService;
import io.ledgerhouse.budget.BudgetService;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BudgetResource {

    @Inject
    BudgetService budgets;
    @Inject
    BudgetAlertService evaluation;
    @Inject
    AlertService alerts;
    @Inject
    io.ledgerhouse.security.Viewer viewer;

    @GET
    @Path("/budgets")
    @Operation(summary = "Budgets: scope (TOTAL, TEAM, WORKLOAD team/workload, PROVIDER), monthly amount, thresholds, "
            + "recipients; webhook URLs are shown without their secret path")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER, Roles.TEAM})
    public List<BudgetService.BudgetView> list() {
        return budgets.list(viewer.visibleTeams());
    }

    @GET
    @Path("/budgets/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER, Roles.TEAM})
    public BudgetService.BudgetView get(@PathParam("id") long id) {
        return budgets.get(id, viewer.visibleTeams());
    }

    @POST
    @Path("/budgets")
    @Operation(summary = "Add a budget; thresholds default to 50/80/100% of actual spend and 100% of the month-end "
            + "projection")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS})
    public Response create(BudgetService.BudgetRequest request) {
        BudgetService.BudgetView b = budgets.create(Bodies.required(request));
        return Response.created(URI.create("/api/v1/budgets/" + b.id())).entity(b).build();
    }

    @PUT
    @Path("/budgets/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS})
    public BudgetService.BudgetView update(@PathParam("id") long id, BudgetService.BudgetRequest request) {
        return budgets.update(id, Bodies.required(request));
    }

    @DELETE
    @Path("/budgets/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS})
    public Response delete(@PathParam("id") long id) {
        budgets.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("/budgets/{id}/evaluations")
    @Operation(summary = "Evaluate a budget for a month now (default: this month) and queue any alert it crosses; "
            + "an alert already queued is not queued again")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS})
    public BudgetAlertService.Evaluation evaluate(@PathParam("id") long id, @QueryParam("month") String month) {
        return month == null ? evaluation.evaluate(id) : evaluation.evaluate(id, Months.parse("month", month));
    }

    @GET
    @Path("/alerts")
    @Operation(summary = "Budget alerts of a month (all when absent): to whom, when, why, and delivery state")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER, Roles.TEAM})
    public List<AlertService.AlertView> alerts(@QueryParam("month") String month) {
        return alerts.list(month == null ? null : Months.parse("month", month), viewer.visibleTeams());
    }
}
