package io.ledgerhouse.api;

import io.ledgerhouse.domain.InvalidParameterException;
import io.ledgerhouse.forecast.ForecastService;
import io.ledgerhouse.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ForecastResource {

    @Inject
    ForecastService forecasts;
    @Inject
    io.ledgerhouse.security.Viewer viewer;

    @GET
    @Path("/forecasts")
    @Operation(summary = "Daily forecast of a scope (total, provider:x, source:x, team:x, workload:team/w, "
            + "warehouse:source/WH) from the day after its data ends, with 80% and 95% intervals, the model and its "
            + "backtest error, and the month-end projection; horizon in days (default: to the end of next month). "
            + "Computed, not stored: the stored forecasts (scored by /forecasts/accuracy) are the scheduled job's and "
            + "POST /forecasts/runs'")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER, Roles.TEAM})
    public ForecastService.ForecastView forecast(@QueryParam("scope") String scope,
            @QueryParam("horizon") String horizon, @QueryParam("currency") String currency,
            @QueryParam("measure") String measure) {
        Integer days = null;
        if (horizon != null && !horizon.isBlank()) {
            try {
                days = Integer.parseInt(horizon.strip());
            } catch (NumberFormatException e) {
                throw new InvalidParameterException("horizon", "'" + horizon + "' is not a number of days");
            }
        }
        requireScope(scope);
        return forecasts.look(scope, days, currency, measure);
    }

    /** Which scopes to forecast now; none: every scope worth forecasting, as the scheduled job does. */
    public record RunRequest(List<String> scopes) {
    }

    @POST
    @Path("/forecasts/runs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Forecast now and store the forecasts and their anomalies (the scheduled job's work), for "
            + "the given scopes or every scope; each scope's outcome: STORED, NO_DATA or FAILED")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS})
    public Response run(RunRequest request) {
        List<ForecastService.RunResult> results = forecasts.runAll(request == null ? null : request.scopes());
        return Response.status(Response.Status.CREATED).entity(results).build();
    }

    @GET
    @Path("/forecasts/accuracy")
    @Operation(summary = "How a scope's stored forecasts did: interval coverage, daily error, month-end projection "
            + "error by day of month, models used")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER, Roles.TEAM})
    public ForecastService.Accuracy accuracy(@QueryParam("scope") String scope,
            @QueryParam("currency") String currency, @QueryParam("measure") String measure) {
        requireScope(scope);
        return forecasts.accuracy(scope, currency, measure);
    }

    @GET
    @Path("/anomalies")
    @Operation(summary = "Days whose cost fell outside the 99% band of their forecast, per scope, in [from, to)")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER, Roles.TEAM})
    public List<ForecastService.AnomalyView> anomalies(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("scope") String scope) {
        LocalDate f = day("from", from);
        LocalDate t = day("to", to);
        if (!t.isAfter(f)) {
            throw new InvalidParameterException("to", "'to' must be after 'from'");
        }
        if (scope != null) {
            requireScope(scope);
        }
        return forecasts.anomalies(f, t, scope, viewer.visibleTeams());
    }

    /** A caller limited to teams may ask for its teams' and their workloads' scopes only. */
    private void requireScope(String scope) {
        if (viewer.seesAllTeams()) {
            return;
        }
        io.ledgerhouse.forecast.ForecastScope s = io.ledgerhouse.forecast.ForecastScope.parse(scope);
        if (s.team() == null) {
            viewer.requireAllTeams("scope " + s.text());
        } else {
            viewer.requireTeam(s.team());
        }
    }

    private static LocalDate day(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidParameterException(name, "'" + name + "' is required, as YYYY-MM-DD");
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(name, "'" + value + "' is not a date; use YYYY-MM-DD");
        }
    }
}
