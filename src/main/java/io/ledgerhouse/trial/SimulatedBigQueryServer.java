package io.ledgerhouse.trial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * An in-JVM stand-in for BigQuery's REST API v2, spoken to by the real google-cloud-bigquery client
 * ({@code BigQueryOptions.newBuilder().setHost("http://127.0.0.1:PORT").setCredentials(NoCredentials.getInstance())}).
 * The zero-config trial serves its generated demo project from it ({@link DemoBigQueryLoader}), so the demo runs the
 * production collector and client; the tests serve their fixtures from it and use its failure switches ({@link #deny},
 * {@link #failPages}, {@link #slowQueries}).
 *
 * <p>It answers the calls {@code BigQuery.query(...)} and {@code TableResult.iterateAll()} make:
 * <ul>
 *   <li>{@code POST /bigquery/v2/projects/{p}/queries} (jobs.query; the client may gzip the body): the first page of
 *       the result inline with {@code jobComplete: true}, the {@code schema}, {@code totalRows} and, when more rows
 *       follow, a {@code pageToken} and the {@code jobReference};</li>
 *   <li>{@code GET /bigquery/v2/projects/{p}/jobs/{jobId}} (jobs.get): the client reads the query's anonymous
 *       destination table from it before paging;</li>
 *   <li>{@code GET /bigquery/v2/projects/{p}/datasets/{d}/tables/{t}/data} (tabledata.list, by {@code pageToken}):
 *       the following pages;</li>
 *   <li>{@code GET /bigquery/v2/projects/{p}/queries/{jobId}} (jobs.getQueryResults), for clients that poll.</li>
 * </ul>
 * Values are in BigQuery's JSON shapes: every scalar a string ({@code "42"}, {@code "true"}), TIMESTAMP as epoch
 * microseconds when the request asks for int64 timestamps ({@code formatOptions.useInt64Timestamp}) else as float
 * seconds ({@code "1.7301312E9"}), a row {@code {"f":[{"v":...}]}}, a REPEATED field {@code [{"v":...}]}, a RECORD
 * {@code {"f":[...]}}. Errors come as BigQuery sends them: {@code {"error":{"code":403,"message":...,"errors":[{"reason":
 * "accessDenied",...}],"status":"PERMISSION_DENIED"}}}.
 *
 * <p>The SQL is not executed: the fake recognises the INFORMATION_SCHEMA view, the project and region qualifiers, the
 * selected columns ({@code expression AS alias}), the window ({@code col >= @from AND col < @to}, TIMESTAMP
 * parameters) and, for JOBS_TIMELINE, the per-minute aggregation, and answers from fixture rows keyed by the view's
 * column paths ({@code error_result.reason}, {@code autoscale.current_slots}).
 */
public final class SimulatedBigQueryServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VIEW = Pattern.compile(
            "`([^`]+)`\\.`region-([^`]+)`\\.INFORMATION_SCHEMA\\.(\\w+)");
    private static final Pattern WINDOW = Pattern.compile("(\\w+) >= @from AND (\\w+) < @to");
    private static final DateTimeFormatter PARAMETER_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd().appendPattern("[XXX][X]").toFormatter();

    /** Column types of each view, by column path. RECORD REPEATED types carry their sub-fields. */
    private static final Map<String, Map<String, Type>> CATALOG = new HashMap<>();

    record Type(String type, String mode, List<String[]> fields) {
        static Type of(String type) {
            return new Type(type, "NULLABLE", List.of());
        }
    }

    static {
        Map<String, Type> jobs = new LinkedHashMap<>();
        put(jobs, "STRING", "job_id", "user_email", "job_type", "statement_type", "parent_job_id", "reservation_id",
                "edition", "error_result.reason", "query_info.query_hashes.normalized_literals", "project_id",
                "state", "priority", "query");
        put(jobs, "TIMESTAMP", "creation_time", "start_time", "end_time");
        put(jobs, "INTEGER", "total_bytes_processed", "total_bytes_billed", "total_slot_ms");
        put(jobs, "BOOLEAN", "cache_hit");
        jobs.put("labels", new Type("RECORD", "REPEATED", List.<String[]>of(new String[] {"key", "STRING"},
                new String[] {"value", "STRING"})));
        jobs.put("referenced_tables", new Type("RECORD", "REPEATED", List.<String[]>of(
                new String[] {"project_id", "STRING"}, new String[] {"dataset_id", "STRING"},
                new String[] {"table_id", "STRING"})));
        CATALOG.put("JOBS_BY_PROJECT", jobs);
        Map<String, Type> timeline = new LinkedHashMap<>();
        put(timeline, "STRING", "job_id", "reservation_id");
        put(timeline, "TIMESTAMP", "job_creation_time", "period_start");
        put(timeline, "INTEGER", "period_slot_ms");
        CATALOG.put("JOBS_TIMELINE_BY_PROJECT", timeline);
        Map<String, Type> reservations = new LinkedHashMap<>();
        put(reservations, "STRING", "reservation_id", "reservation_name", "edition", "project_id");
        put(reservations, "TIMESTAMP", "period_start");
        put(reservations, "INTEGER", "slots_assigned", "autoscale.current_slots", "autoscale.max_slots",
                "period_autoscale_slot_seconds", "slots_max_assigned");
        CATALOG.put("RESERVATIONS_TIMELINE", reservations);
        Map<String, Type> commitments = new LinkedHashMap<>();
        put(commitments, "STRING", "capacity_commitment_id", "action", "commitment_plan", "state", "edition");
        put(commitments, "TIMESTAMP", "change_timestamp", "commitment_start_time", "commitment_end_time");
        put(commitments, "INTEGER", "slot_count");
        CATALOG.put("CAPACITY_COMMITMENT_CHANGES", commitments);
        Map<String, Type> storage = new LinkedHashMap<>();
        put(storage, "STRING", "project_id", "table_schema", "table_name", "table_type");
        put(storage, "TIMESTAMP", "creation_time", "storage_last_modified_time");
        put(storage, "INTEGER", "total_rows", "total_logical_bytes", "active_logical_bytes", "long_term_logical_bytes",
                "total_physical_bytes", "active_physical_bytes", "long_term_physical_bytes",
                "time_travel_physical_bytes", "fail_safe_physical_bytes");
        put(storage, "BOOLEAN", "deleted");
        CATALOG.put("TABLE_STORAGE", storage);
        Map<String, Type> options = new LinkedHashMap<>();
        put(options, "STRING", "schema_name", "option_name", "option_type", "option_value");
        CATALOG.put("SCHEMATA_OPTIONS", options);
        // the view's whole schema (https://cloud.google.com/bigquery/docs/information-schema-columns)
        Map<String, Type> columns = new LinkedHashMap<>();
        put(columns, "STRING", "table_catalog", "table_schema", "table_name", "column_name", "is_nullable",
                "data_type", "is_generated", "generation_expression", "is_stored", "is_hidden", "is_updatable",
                "is_system_defined", "is_partitioning_column", "collation_name", "column_default", "rounding_mode");
        put(columns, "INTEGER", "ordinal_position", "clustering_ordinal_position");
        columns.put("policy_tags", new Type("STRING", "REPEATED", List.of()));
        CATALOG.put("COLUMNS", columns);
    }

    private static void put(Map<String, Type> view, String type, String... columns) {
        for (String c : columns) {
            view.put(c, Type.of(type));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "simulated-bigquery");
        t.setDaemon(true); // a server left open never holds the JVM up
        return t;
    });
    /** project|region|VIEW -> rows keyed by column path. */
    private final Map<String, List<Map<String, Object>>> fixture = new ConcurrentHashMap<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failPages = new AtomicInteger();
    private final AtomicInteger failQueries = new AtomicInteger();
    private final AtomicInteger jobCounter = new AtomicInteger();
    private final AtomicInteger gzipBodies = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> statements = new CopyOnWriteArrayList<>();
    private volatile int maxPageRows = Integer.MAX_VALUE;
    private final AtomicInteger slowQueries = new AtomicInteger();
    private volatile int pendingPolls;
    /** jobId -> polls of jobs.getQueryResults still answered with jobComplete=false. */
    private final Map<String, AtomicInteger> pending = new ConcurrentHashMap<>();

    private record Job(String project, String jobId, String sql, List<Column> schema, List<Object[]> rows,
            int pageSize, boolean int64Timestamps) {
    }

    private record Column(String name, Type type) {
    }

    public SimulatedBigQueryServer(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The API root the client is pointed at. */
    public String host() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds a row to {@code view} of {@code project} in {@code region}. */
    public void add(String project, String region, String view, Map<String, Object> row) {
        fixture.computeIfAbsent(project + "|" + region + "|" + view, k -> new CopyOnWriteArrayList<>()).add(row);
    }

    /** Rows of a view (for tests computing what the store should hold). */
    public List<Map<String, Object>> rows(String project, String region, String view) {
        return fixture.getOrDefault(project + "|" + region + "|" + view, List.of());
    }

    /** Queries on {@code view} answer 403 accessDenied, as when the credentials lack a permission. */
    public void deny(String view) {
        denied.add(view);
    }

    public void allowAll() {
        denied.clear();
    }

    /** The next {@code n} page fetches (tabledata.list) answer 500 backendError. */
    public void failPages(int n) {
        failPages.set(n);
    }

    /** The next {@code n} queries answer 500 backendError. */
    public void failQueries(int n) {
        failQueries.set(n);
    }

    /**
     * The next {@code n} queries take the slow path: jobs.query answers {@code jobComplete: false} without rows, and
     * jobs.getQueryResults answers the same {@code polls} times (jobs.get says RUNNING meanwhile) before the job is
     * done and its rows are served (then by tabledata.list when paged).
     */
    public void slowQueries(int n, int polls) {
        pendingPolls = polls;
        slowQueries.set(n);
    }

    /** At most this many rows per page, whatever the client asks. */
    public void maxPageRows(int rows) {
        maxPageRows = rows;
    }

    /** Every request, as "METHOD path". */
    public List<String> requests() {
        return requests;
    }

    /** How many query requests came with a gzip-compressed body. */
    public int gzipBodies() {
        return gzipBodies.get();
    }

    /** Every SQL statement received. */
    public List<String> statements() {
        return statements;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            requests.add(method + " " + path);
            Map<String, String> query = params(exchange.getRequestURI().getRawQuery());
            String[] parts = path.split("/");
            // /bigquery/v2/projects/{p}/queries[/{jobId}] | /jobs/{jobId} | /datasets/{d}/tables/{t}/data
            if (parts.length < 6 || !"bigquery".equals(parts[1]) || !"projects".equals(parts[3])) {
                send(exchange, 404, error(404, "notFound", "NOT_FOUND", "Not found: " + path));
                return;
            }
            String project = parts[4];
            if (method.equals("POST") && parts.length == 6 && parts[5].equals("queries")) {
                query(exchange, project);
            } else if (method.equals("GET") && parts.length == 7 && parts[5].equals("jobs")) {
                Job job = jobs.get(parts[6]);
                if (job == null) {
                    send(exchange, 404, error(404, "notFound", "NOT_FOUND", "Not found: Job " + project + ":"
                            + parts[6]));
                    return;
                }
                send(exchange, 200, jobResource(job));
            } else if (method.equals("GET") && parts.length == 7 && parts[5].equals("queries")) {
                Job job = jobs.get(parts[6]);
                if (job == null) {
                    send(exchange, 404, error(404, "notFound", "NOT_FOUND", "Not found: Job " + project + ":"
                            + parts[6]));
                    return;
                }
                AtomicInteger polls = pending.get(job.jobId());
                if (polls != null && polls.getAndDecrement() > 0) {
                    // still running: no schema, rows or totalRows yet, as BigQuery answers before the job is done
                    ObjectNode out = JSON.createObjectNode();
                    out.put("kind", "bigquery#getQueryResultsResponse");
                    out.put("etag", "\"" + job.jobId() + "-running\"");
                    out.set("jobReference", reference(job));
                    out.put("jobComplete", false);
                    send(exchange, 200, out);
                    return;
                }
                pending.remove(job.jobId());
                ObjectNode out = page(job, query, "bigquery#getQueryResultsResponse");
                out.put("jobComplete", true);
                out.set("schema", schema(job));
                out.set("jobReference", reference(job));
                out.put("totalBytesProcessed", "0");
                out.put("cacheHit", false);
                send(exchange, 200, out);
            } else if (method.equals("GET") && parts.length == 10 && parts[5].equals("datasets")
                    && parts[9].equals("data")) {
                if (failPages.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    send(exchange, 500, error(500, "backendError", "INTERNAL", "Backend error. Please try again."));
                    return;
                }
                Job job = jobs.get(parts[8].substring("anon_".length()));
                if (job == null) {
                    send(exchange, 404, error(404, "notFound", "NOT_FOUND", "Not found: Table " + parts[6] + "."
                            + parts[8]));
                    return;
                }
                ObjectNode out = page(job, query, "bigquery#tableDataList");
                out.put("etag", "\"" + job.jobId() + "\"");
                send(exchange, 200, out);
            } else {
                send(exchange, 404, error(404, "notFound", "NOT_FOUND", "Not found: " + method + " " + path));
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private void query(HttpExchange exchange, String project) throws IOException {
        JsonNode body;
        try (InputStream raw = exchange.getRequestBody(); InputStream in = "gzip".equalsIgnoreCase(
                exchange.getRequestHeaders().getFirst("Content-Encoding")) ? new GZIPInputStream(raw) : raw) {
            body = JSON.readTree(in);
        }
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            gzipBodies.incrementAndGet();
        }
        String sql = body.path("query").asText();
        statements.add(sql);
        if (failQueries.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(exchange, 500, error(500, "backendError", "INTERNAL", "Backend error. Please try again."));
            return;
        }
        Matcher m = VIEW.matcher(sql);
        if (!m.find()) {
            send(exchange, 400, error(400, "invalidQuery", "INVALID_ARGUMENT", "Syntax error: no view in " + sql));
            return;
        }
        String target = m.group(1);
        String region = m.group(2);
        String view = m.group(3);
        if (denied.contains(view)) {
            send(exchange, 403, error(403, "accessDenied", "PERMISSION_DENIED", "Access Denied: Table " + target
                    + ":region-" + region + ".INFORMATION_SCHEMA." + view + ": User does not have permission to "
                    + "query table " + target + ":region-" + region + ".INFORMATION_SCHEMA." + view + "."));
            return;
        }
        Map<String, Type> catalog = CATALOG.get(view);
        if (catalog == null) {
            send(exchange, 400, error(400, "invalidQuery", "INVALID_ARGUMENT", "Table " + view + " not found"));
            return;
        }
        Map<String, String> parameters = new HashMap<>();
        for (JsonNode p : body.path("queryParameters")) {
            parameters.put(p.path("name").asText(), p.path("parameterValue").path("value").asText());
        }
        List<Map<String, Object>> rows = new ArrayList<>(rows(target, region, view));
        Matcher w = WINDOW.matcher(sql);
        if (w.find()) {
            String column = w.group(1);
            Instant from = parameterTime(parameters.get("from"));
            Instant to = parameterTime(parameters.get("to"));
            rows.removeIf(r -> {
                Instant t = (Instant) r.get(column);
                return t == null || t.isBefore(from) || !t.isBefore(to);
            });
        }
        if (sql.contains("project_id = @project")) {
            rows.removeIf(r -> !parameters.get("project").equals(r.get("project_id")));
        }
        if (sql.contains("NOT deleted")) {
            rows.removeIf(r -> Boolean.TRUE.equals(r.get("deleted")));
        }
        if (sql.contains("is_partitioning_column = 'YES' OR clustering_ordinal_position IS NOT NULL")) {
            rows.removeIf(r -> !"YES".equals(r.get("is_partitioning_column")) && r.get("clustering_ordinal_position")
                    == null && !List.of("DATE", "DATETIME", "TIMESTAMP").contains(r.get("data_type")));
        }
        if (sql.contains("option_name IN")) {
            rows.removeIf(r -> !List.of("storage_billing_model", "max_time_travel_hours").contains(r.get("option_name")));
        }
        if (view.equals("JOBS_TIMELINE_BY_PROJECT") && sql.contains("GROUP BY job_id, minute")) {
            rows = perMinute(rows);
        }
        // the select list: "expr AS alias" or a bare column path
        String select = sql.substring("SELECT ".length(), sql.indexOf(" FROM "));
        List<Column> columns = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (String item : splitTopLevel(select)) {
            String expression = item.strip();
            String alias = expression;
            int as = expression.lastIndexOf(" AS ");
            if (as > 0) {
                alias = expression.substring(as + 4).strip();
                expression = expression.substring(0, as).strip();
            }
            String path = aggregated(expression);
            Type type = catalog.get(path);
            if (type == null && view.equals("JOBS_TIMELINE_BY_PROJECT")) {
                type = alias.equals("minute") ? Type.of("TIMESTAMP") : alias.equals("slot_ms") ? Type.of("INTEGER")
                        : null;
                path = alias;
            }
            if (type == null) {
                send(exchange, 400, error(400, "invalidQuery", "INVALID_ARGUMENT", "Unrecognized name: " + expression));
                return;
            }
            columns.add(new Column(alias, type));
            paths.add(path);
        }
        List<Object[]> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Object[] values = new Object[paths.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = r.get(paths.get(i));
            }
            out.add(values);
        }
        int pageSize = (int) Math.min(maxPageRows, body.path("maxResults").asLong(Integer.MAX_VALUE));
        boolean int64 = body.path("formatOptions").path("useInt64Timestamp").asBoolean(false);
        String jobId = "job_fake_" + jobCounter.incrementAndGet();
        Job job = new Job(project, jobId, sql, columns, out, pageSize, int64);
        jobs.put(jobId, job);
        if (slowQueries.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            pending.put(jobId, new AtomicInteger(pendingPolls));
            ObjectNode response = JSON.createObjectNode();
            response.put("kind", "bigquery#queryResponse");
            response.set("jobReference", reference(job));
            response.put("jobComplete", false);
            response.put("queryId", jobId);
            send(exchange, 200, response);
            return;
        }
        ObjectNode response = page(job, Map.of(), "bigquery#queryResponse");
        response.set("schema", schema(job));
        response.set("jobReference", reference(job));
        response.put("jobComplete", true);
        response.put("cacheHit", false);
        response.put("totalBytesProcessed", "0");
        response.put("queryId", jobId);
        send(exchange, 200, response);
    }

    /** Per-second timeline rows summed per job and minute, as the collector's GROUP BY asks. */
    private static List<Map<String, Object>> perMinute(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            Instant minute = ((Instant) r.get("period_start")).truncatedTo(ChronoUnit.MINUTES);
            Map<String, Object> m = out.computeIfAbsent(r.get("job_id") + "|" + minute, k -> {
                Map<String, Object> n = new HashMap<>();
                n.put("job_id", r.get("job_id"));
                n.put("period_start", minute);
                n.put("reservation_id", r.get("reservation_id"));
                n.put("period_slot_ms", 0L);
                return n;
            });
            m.put("period_slot_ms", (Long) m.get("period_slot_ms") + ((Number) r.get("period_slot_ms")).longValue());
        }
        return new ArrayList<>(out.values());
    }

    /**
     * The column path inside an aggregate, truncation or substring: ANY_VALUE(x), SUM(x), TIMESTAMP_TRUNC(x, MINUTE),
     * SUBSTR(x, 1, 1000).
     */
    private static String aggregated(String expression) {
        Matcher m = Pattern.compile("^\\w+\\((\\w+)(, \\w+)*\\)$").matcher(expression);
        return m.matches() ? m.group(1) : expression;
    }

    private static List<String> splitTopLevel(String select) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < select.length(); i++) {
            char c = select.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(select.substring(start, i));
                start = i + 1;
            }
        }
        out.add(select.substring(start));
        return out;
    }

    private static Instant parameterTime(String value) {
        return OffsetDateTime.parse(value, PARAMETER_TIME).toInstant();
    }

    private ObjectNode page(Job job, Map<String, String> query, String kind) {
        int offset = query.containsKey("pageToken") ? Integer.parseInt(new String(Base64.getUrlDecoder().decode(
                query.get("pageToken")), StandardCharsets.UTF_8).substring("offset:".length())) : 0;
        if (query.containsKey("startIndex") && !query.containsKey("pageToken")) {
            offset = Integer.parseInt(query.get("startIndex"));
        }
        int size = query.containsKey("maxResults") ? Math.min(maxPageRows, Integer.parseInt(query.get("maxResults")))
                : job.pageSize();
        boolean int64 = query.containsKey("formatOptions.useInt64Timestamp")
                ? Boolean.parseBoolean(query.get("formatOptions.useInt64Timestamp"))
                : kind.equals("bigquery#queryResponse") && job.int64Timestamps();
        ObjectNode out = JSON.createObjectNode();
        out.put("kind", kind);
        out.put("totalRows", Long.toString(job.rows().size()));
        ArrayNode rows = out.putArray("rows");
        int end = (int) Math.min(job.rows().size(), (long) offset + size);
        for (int i = offset; i < end; i++) {
            ObjectNode row = rows.addObject();
            ArrayNode f = row.putArray("f");
            Object[] values = job.rows().get(i);
            for (int c = 0; c < values.length; c++) {
                f.addObject().set("v", cell(values[c], job.schema().get(c).type(), int64));
            }
        }
        if (end < job.rows().size()) {
            out.put("pageToken", Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + end)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static JsonNode cell(Object value, Type type, boolean int64Timestamps) {
        if (value == null) {
            return type.mode().equals("REPEATED") ? JSON.createArrayNode() : JSON.nullNode();
        }
        if (type.mode().equals("REPEATED")) {
            ArrayNode a = JSON.createArrayNode();
            for (Object element : (List<Object>) value) {
                ObjectNode record = JSON.createObjectNode();
                ArrayNode f = record.putArray("f");
                Map<String, Object> fields = (Map<String, Object>) element;
                for (String[] sub : type.fields()) {
                    Object v = fields.get(sub[0]);
                    f.addObject().set("v", v == null ? JSON.nullNode() : JSON.getNodeFactory().textNode(v.toString()));
                }
                a.addObject().set("v", record);
            }
            return a;
        }
        return switch (type.type()) {
            case "TIMESTAMP" -> {
                Instant t = (Instant) value;
                long micros = t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
                yield JSON.getNodeFactory().textNode(int64Timestamps ? Long.toString(micros)
                        : Double.toString(new BigDecimal(micros).movePointLeft(6).doubleValue()));
            }
            default -> JSON.getNodeFactory().textNode(value.toString());
        };
    }

    private static ObjectNode schema(Job job) {
        ObjectNode schema = JSON.createObjectNode();
        ArrayNode fields = schema.putArray("fields");
        for (Column c : job.schema()) {
            ObjectNode f = fields.addObject();
            f.put("name", c.name());
            f.put("type", c.type().type());
            f.put("mode", c.type().mode());
            if (!c.type().fields().isEmpty()) {
                ArrayNode sub = f.putArray("fields");
                for (String[] s : c.type().fields()) {
                    sub.addObject().put("name", s[0]).put("type", s[1]).put("mode", "NULLABLE");
                }
            }
        }
        return schema;
    }

    private static ObjectNode reference(Job job) {
        ObjectNode ref = JSON.createObjectNode();
        ref.put("projectId", job.project());
        ref.put("jobId", job.jobId());
        ref.put("location", "US");
        return ref;
    }

    private ObjectNode jobResource(Job job) {
        ObjectNode out = JSON.createObjectNode();
        out.put("kind", "bigquery#job");
        out.put("id", job.project() + ":US." + job.jobId());
        out.put("selfLink", host() + "/bigquery/v2/projects/" + job.project() + "/jobs/" + job.jobId() + "?location=US");
        out.set("jobReference", reference(job));
        ObjectNode configuration = out.putObject("configuration");
        configuration.put("jobType", "QUERY");
        ObjectNode q = configuration.putObject("query");
        q.put("query", job.sql());
        q.put("useLegacySql", false);
        ObjectNode destination = q.putObject("destinationTable");
        destination.put("projectId", job.project());
        destination.put("datasetId", "_fake_anonymous");
        destination.put("tableId", "anon_" + job.jobId());
        out.putObject("status").put("state", pending.containsKey(job.jobId()) ? "RUNNING" : "DONE");
        ObjectNode statistics = out.putObject("statistics");
        String now = Long.toString(System.currentTimeMillis());
        statistics.put("creationTime", now);
        statistics.put("startTime", now);
        statistics.put("endTime", now);
        statistics.putObject("query").put("totalBytesProcessed", "0").put("cacheHit", false)
                .put("statementType", "SELECT");
        return out;
    }

    private static ObjectNode error(int code, String reason, String status, String message) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode e = out.putObject("error");
        e.put("code", code);
        e.put("message", message);
        ArrayNode errors = e.putArray("errors");
        errors.addObject().put("message", message).put("domain", "global").put("reason", reason);
        e.put("status", status);
        return out;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> params(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
