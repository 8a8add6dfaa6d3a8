package io.ledgerhouse.api;

import io.ledgerhouse.allocate.RulePreviewService;
import io.ledgerhouse.allocate.RuleService;
import io.ledgerhouse.allocate.engine.SharedCostPolicy;
import io.ledgerhouse.allocate.engine.SnowflakeAllocator.IdlePolicy;
import io.ledgerhouse.domain.InvalidParameterException;
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
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RuleResource {

    @Inject
    RuleService rules;
    @Inject
    RulePreviewService previews;
    @Inject
    java.time.Clock clock;

    @GET
    @Path("/rules")
    @Operation(summary = "The allocation rules in force today or later, in order (first match wins); "
            + "history=true lists every version")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    public List<RuleService.RuleView> list(@QueryParam("history") boolean history) {
        return rules.list(history);
    }

    @POST
    @Path("/rules/preview")
    @Operation(summary = "What a rule change would move, in money, per team and workload, before it is saved: "
            + "the month (default: last month) allocated with the rules as they are and with the change in force "
            + "for the whole month. Body: {month, source?, rule} to add a rule, {month, id, rule} to change one, "
            + "{month, id, end: true} to end one. Nothing is written.")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    public RulePreviewService.Preview preview(RulePreviewService.PreviewRequest request) {
        Bodies.required(request);
        java.time.YearMonth month = request.month() == null
                ? java.time.YearMonth.now(clock.withZone(java.time.ZoneOffset.UTC)).minusMonths(1)
                : Months.parse("month", request.month());
        return previews.preview(month, request.source(), request.id(), Boolean.TRUE.equals(request.end()),
                request.rule());
    }

    @GET
    @Path("/rules/{id}")
    @Operation(summary = "Every version of a rule, with the dates each was in force")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    public List<RuleService.RuleView> versions(@PathParam("id") long id) {
        return rules.versions(id);
    }

    @POST
    @Path("/rules")
    @Operation(summary = "Add a rule (in force from effectiveFrom, default today)")
    @RolesAllowed(Roles.ADMIN)
    public Response create(RuleService.RuleRequest request) {
        return Response.status(Response.Status.CREATED).entity(rules.create(Bodies.required(request))).build();
    }

    @PUT
    @Path("/rules/{id}")
    @Operation(summary = "Change a rule from effectiveFrom (default today): the version in force ends that day; "
            + "earlier months keep the old version unless re-run after a change dated in them")
    @RolesAllowed(Roles.ADMIN)
    public RuleService.RuleView update(@PathParam("id") long id, RuleService.RuleRequest request) {
        return rules.update(id, Bodies.required(request));
    }

    @DELETE
    @Path("/rules/{id}")
    @Operation(summary = "End a rule on effectiveFrom (default today); its history stays")
    @RolesAllowed(Roles.ADMIN)
    public RuleService.RuleView end(@PathParam("id") long id, @QueryParam("effectiveFrom") String effectiveFrom) {
        LocalDate from = null;
        if (effectiveFrom != null) {
            try {
                from = LocalDate.parse(effectiveFrom);
            } catch (DateTimeParseException e) {
                throw new InvalidParameterException("effectiveFrom", "'" + effectiveFrom + "' is not a date; use "
                        + "YYYY-MM-DD");
            }
        }
        return rules.end(id, from);
    }

    @GET
    @Path("/policies/shared")
    @Operation(summary = "Shared-cost policies: charges in scope are split over teams evenly, proportionally to "
            + "their direct cost, or by fixed weights")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    public List<SharedCostPolicy> shared() {
        return rules.sharedPolicies();
    }

    @POST
    @Path("/policies/shared")
    @Operation(summary = "Add a shared-cost policy")
    @RolesAllowed(Roles.ADMIN)
    public Response createShared(RuleService.SharedPolicyRequest request) {
        Bodies.required(request);
        return Response.status(Response.Status.CREATED).entity(rules.createSharedPolicy(request)).build();
    }

    @DELETE
    @Path("/policies/shared/{id}")
    @Operation(summary = "Remove a shared-cost policy")
    @RolesAllowed(Roles.ADMIN)
    public Response deleteShared(@PathParam("id") long id) {
        rules.deleteSharedPolicy(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/policies/idle")
    @Operation(summary = "Where each warehouse's idle credits go (OWNER, HOUR, DAY); '*' is the default")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    public Map<String, IdlePolicy> idle() {
        return rules.idlePolicies();
    }

    @PUT
    @Path("/policies/idle")
    @Operation(summary = "Set idle policies by warehouse name ('*' for the default)")
    @RolesAllowed(Roles.ADMIN)
    public Map<String, IdlePolicy> setIdle(Map<String, String> policies) {
        Bodies.required(policies);
        return rules.setIdlePolicies(policies);
    }
}
