package io.ledgerhouse.api;

import io.ledgerhouse.collect.files.ImportRejectedException;
import io.ledgerhouse.collect.files.ImportReport;
import io.ledgerhouse.domain.InvalidParameterException;
import io.ledgerhouse.domain.NotFoundException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place exceptions become HTTP answers: {@code application/problem+json}, status chosen here, never a stack
 * trace or class name.
 */
public class ProblemMapper {

    static final String PROBLEM_JSON = "application/problem+json";
    private static final String TYPE_BASE = "https://ledgerhouse.io/problems/";

    @ServerExceptionMapper
    public Response rejectedImport(ImportRejectedException e) {
        ImportReport r = e.report();
        String detail = "The file was not imported (nothing was stored): " + r.problemCount() + " problem(s)"
                + (r.problemCount() > r.problems().size() ? ", the first " + r.problems().size() + " listed" : "")
                + ". Fix them and import the file again.";
        return respond(new Problem(TYPE_BASE + "import-rejected", "Import rejected", 422, detail, null, r.id(),
                r.problemCount(), r.problems(), null));
    }

    @ServerExceptionMapper
    public Response invalidParameter(InvalidParameterException e) {
        return respond(new Problem(TYPE_BASE + "invalid-parameter", "Invalid parameter '" + e.parameter() + "'", 400,
                e.getMessage(), e.parameter(), null, null, null, null));
    }

    @ServerExceptionMapper
    public Response invalidBody(io.ledgerhouse.domain.ValidationException e) {
        return respond(new Problem(TYPE_BASE + "invalid-body", "Invalid request body", 422, e.getMessage(), null,
                null, null, null, e.problems()));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return respond(Problem.of(TYPE_BASE + "not-found", "Not found", 404, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response conflict(io.ledgerhouse.domain.ConflictException e) {
        return respond(Problem.of(TYPE_BASE + "conflict", "Not allowed in the current state", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unauthenticated(io.quarkus.security.UnauthorizedException e) {
        return unauthorized("This request needs a bearer token (Authorization: Bearer <JWT>).");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(io.quarkus.security.AuthenticationFailedException e) {
        // why a token was refused stays in the server log at debug level: never echo a token or key back
        return unauthorized("The bearer token was not accepted (expired, not signed by the configured key, or "
                + "not for this service).");
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return respond(Problem.of(TYPE_BASE + "forbidden", "Forbidden", 403,
                "Your roles do not allow this request (docs/security.md lists what each role may do)."));
    }

    @ServerExceptionMapper
    public Response accessDenied(io.ledgerhouse.domain.AccessDeniedException e) {
        return respond(Problem.of(TYPE_BASE + "forbidden", "Forbidden", 403, e.getMessage()));
    }

    private static Response unauthorized(String detail) {
        Problem p = Problem.of(TYPE_BASE + "unauthorized", "Unauthorized", 401, detail);
        return Response.status(401).type(PROBLEM_JSON).header("WWW-Authenticate", "Bearer").entity(p).build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "No resource at this path.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "No acceptable representation; this API answers JSON.";
            case 415 -> "Unsupported content type. FOCUS imports take text/csv, application/gzip or multipart/form-data.";
            default -> title;
        };
        return respond(Problem.of("about:blank", title, status, detail));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        String id = UUID.randomUUID().toString();
        Log.errorf(e, "Unexpected error %s", id);
        return respond(Problem.of(TYPE_BASE + "internal-error", "Internal error", 500,
                "The request failed unexpectedly; the server log has the details under error id " + id + "."));
    }

    private static Response respond(Problem p) {
        return Response.status(p.status()).type(PROBLEM_JSON).entity(p).build();
    }
}
