package io.ledgerhouse.api;

import io.ledgerhouse.collect.files.FocusImportService;
import io.ledgerhouse.collect.files.ImportReport;
import io.ledgerhouse.domain.InvalidParameterException;
import io.ledgerhouse.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/api/v1/imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    @Inject
    FocusImportService imports;

    @POST
    @Path("/focus")
    @Consumes({"text/csv", "application/gzip", "application/x-gzip", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Import a FOCUS 1.0/1.1/1.2 file (CSV or gzipped CSV) sent as the request body",
            description = "All or nothing: 201 with the import run, 200 when the same content was imported before "
                    + "(nothing added), 422 listing every problem (line, column, reason) when any row is rejected.")
    @RolesAllowed(Roles.ADMIN)
    public Response importBody(
            @Parameter(description = "Source the charges belong to (created on first use); default from config")
            @QueryParam("source") String source,
            @Parameter(description = "File name to record with the run") @QueryParam("fileName") String fileName,
            @HeaderParam("Content-Disposition") String disposition,
            InputStream body) {
        return created(imports.importFocus(source, fileName != null ? fileName : fileNameOf(disposition), body));
    }

    @POST
    @Path("/focus")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Import a FOCUS file uploaded as the form field 'file'")
    @RolesAllowed(Roles.ADMIN)
    public Response importForm(@QueryParam("source") String source, @RestForm("file") FileUpload file) {
        if (file == null) {
            throw new InvalidParameterException("file", "the form must carry the FOCUS file in a field named 'file'");
        }
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return created(imports.importFocus(source, file.fileName(), in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @POST
    @Path("/cur")
    @Consumes({"text/csv", "application/gzip", "application/x-gzip", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Import a legacy AWS Cost and Usage Report (CSV or gzipped CSV) sent as the request body",
            description = "Mapped to FOCUS columns (docs/cur.md) and stored like a FOCUS import, all or nothing: 201 "
                    + "with the import run, 200 when the same content was imported before, 422 listing every "
                    + "problem (line, CUR column, reason) when any row is rejected.")
    @RolesAllowed(Roles.ADMIN)
    public Response importCurBody(
            @Parameter(description = "Source the charges belong to (created on first use); default from config")
            @QueryParam("source") String source,
            @Parameter(description = "File name to record with the run") @QueryParam("fileName") String fileName,
            @HeaderParam("Content-Disposition") String disposition,
            InputStream body) {
        return created(imports.importCur(source, fileName != null ? fileName : fileNameOf(disposition), body));
    }

    @POST
    @Path("/cur")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Import an AWS Cost and Usage Report uploaded as the form field 'file'")
    @RolesAllowed(Roles.ADMIN)
    public Response importCurForm(@QueryParam("source") String source, @RestForm("file") FileUpload file) {
        if (file == null) {
            throw new InvalidParameterException("file", "the form must carry the CUR file in a field named 'file'");
        }
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return created(imports.importCur(source, file.fileName(), in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Operation(summary = "The latest import runs, newest first")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    public List<ImportReport> list(@QueryParam("limit") @DefaultValue("50") String limit) {
        int n;
        try {
            n = Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > 1000) {
            throw new InvalidParameterException("limit", "limit must be a whole number between 1 and 1000");
        }
        return imports.latest(n);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One import run")
    @RolesAllowed({Roles.ADMIN, Roles.FINOPS, Roles.ENGINEER})
    public ImportReport get(@PathParam("id") String id) {
        long runId;
        try {
            runId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("id", "'" + id + "' is not an import run id (a whole number)");
        }
        return imports.find(runId);
    }

    private static Response created(ImportReport report) {
        Response.Status status = "UNCHANGED".equals(report.status()) ? Response.Status.OK : Response.Status.CREATED;
        return Response.status(status).entity(report)
                .header("Location", "/api/v1/imports/" + report.id()).build();
    }

    private static String fileNameOf(String disposition) {
        if (disposition == null) {
            return null;
        }
        int i = disposition.indexOf("filename=");
        if (i < 0) {
            return null;
        }
        String name = disposition.substring(i + 9).strip();
        int semi = name.indexOf(';');
        if (semi >= 0) {
            name = name.substring(0, semi);
        }
        return name.replace("\"", "").strip();
    }
}
