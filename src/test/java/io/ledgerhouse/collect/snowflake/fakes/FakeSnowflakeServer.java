package io.ledgerhouse.collect.snowflake.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * An in-JVM stand-in for Snowflake's HTTP API, spoken to by the real snowflake-jdbc driver (connect with
 * {@code jdbc:snowflake://127.0.0.1:PORT/?ssl=off&account=fake}, property {@code disablePlatformDetection=true}).
 *
 * <p>It answers the calls the driver makes: login ({@code POST /session/v1/login-request}), statements
 * ({@code POST /queries/v1/query-request}, gzip body, answered in the JSON result format: {@code rowtype} plus a
 * {@code rowset} of strings, as Snowflake does with {@code JDBC_QUERY_RESULT_FORMAT=JSON}), heartbeats and logout.
 * What a statement returns is decided by the {@code answer} function the test supplies.
 */
public final class FakeSnowflakeServer implements AutoCloseable {

    /** A column of a result: Snowflake type name ({@code fixed}, {@code text}, {@code timestamp_ltz}, ...) and scale. */
    public record Column(String name, String type, int scale) {
        public static Column text(String name) {
            return new Column(name, "text", 0);
        }

        public static Column fixed(String name, int scale) {
            return new Column(name, "fixed", scale);
        }
    }

    /** A statement's result: columns and rows of values as Snowflake sends them (strings, or null). */
    public record Result(List<Column> columns, List<List<String>> rows) {
    }

    /** Thrown by an answer function to make the statement fail the way Snowflake reports errors. */
    public static final class SnowflakeError extends RuntimeException {
        final String code;

        public SnowflakeError(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Function<String, Result> answer;
    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final List<JsonNode> logins = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger dropResults = new java.util.concurrent.atomic.AtomicInteger();

    /** The next {@code n} statement results are cut off halfway and the connection closed, as a network fault does. */
    public void dropNextResults(int n) {
        dropResults.set(n);
    }

    public FakeSnowflakeServer(Function<String, Result> answer) throws IOException {
        this(answer, 0);
    }

    /** A fake on a given port (0: any free port). */
    public FakeSnowflakeServer(Function<String, Result> answer, int port) throws IOException {
        this.answer = answer;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String jdbcUrl() {
        return "jdbc:snowflake://127.0.0.1:" + port() + "/?ssl=off&account=fake";
    }

    /** Every SQL text the driver sent, in order. */
    public List<String> statements() {
        return statements;
    }

    /** The login requests' bodies (to check what credentials travelled). */
    public List<JsonNode> logins() {
        return logins;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            JsonNode body = readBody(exchange);
            ObjectNode response;
            if (path.equals("/session/v1/login-request")) {
                logins.add(body);
                response = success(login());
            } else if (path.equals("/queries/v1/query-request")) {
                String sql = body.path("sqlText").asText();
                statements.add(sql);
                response = statement(sql);
            } else if (path.equals("/session/heartbeat") || path.equals("/session")) {
                response = success(JSON.createObjectNode());
            } else {
                response = JSON.createObjectNode();
                response.put("success", false);
                response.put("code", "390100");
                response.put("message", "fake Snowflake does not serve " + path);
                response.putNull("data");
            }
            byte[] bytes = JSON.writeValueAsBytes(response);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            if (path.equals("/queries/v1/query-request") && dropResults.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                OutputStream out = exchange.getResponseBody();
                out.write(bytes, 0, bytes.length / 2);
                out.flush();
                return; // closing the exchange with the body unfinished drops the connection
            }
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static JsonNode readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && encoding.toLowerCase().contains("gzip")) {
            in = new GZIPInputStream(in);
        }
        byte[] raw = in.readAllBytes();
        if (raw.length == 0) {
            return JSON.createObjectNode();
        }
        // the driver gzips statement bodies without always saying so in a header
        if (raw.length > 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            raw = new GZIPInputStream(new java.io.ByteArrayInputStream(raw)).readAllBytes();
        }
        return JSON.readTree(new String(raw, StandardCharsets.UTF_8));
    }

    private ObjectNode statement(String sql) {
        try {
            return success(query(sql));
        } catch (SnowflakeError e) {
            ObjectNode r = JSON.createObjectNode();
            ObjectNode data = r.putObject("data");
            data.put("errorCode", e.code);
            data.put("sqlState", "42000");
            data.put("queryId", UUID.randomUUID().toString());
            r.put("code", e.code);
            r.put("message", e.getMessage());
            r.put("success", false);
            return r;
        }
    }

    private static ObjectNode success(JsonNode data) {
        ObjectNode r = JSON.createObjectNode();
        r.set("data", data);
        r.putNull("code");
        r.putNull("message");
        r.put("success", true);
        return r;
    }

    private static ObjectNode login() {
        ObjectNode d = JSON.createObjectNode();
        d.put("token", "session-" + UUID.randomUUID());
        d.put("masterToken", "master-" + UUID.randomUUID());
        d.put("validityInSeconds", 3600);
        d.put("masterValidityInSeconds", 14400);
        d.put("sessionId", 1);
        d.put("serverVersion", "9.0.0");
        d.put("displayUserName", "LEDGERHOUSE");
        d.put("firstLogin", false);
        d.put("healthCheckInterval", 45);
        d.set("parameters", parameters());
        ObjectNode info = d.putObject("sessionInfo");
        info.put("databaseName", "SNOWFLAKE");
        info.put("schemaName", "ACCOUNT_USAGE");
        info.put("warehouseName", "LEDGERHOUSE_WH");
        info.put("roleName", "USAGE_VIEWER");
        return d;
    }

    private static ArrayNode parameters() {
        ArrayNode p = JSON.createArrayNode();
        for (Map.Entry<String, Object> e : Map.<String, Object>of(
                "AUTOCOMMIT", true,
                "TIMEZONE", "UTC",
                "TIMESTAMP_OUTPUT_FORMAT", "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM",
                "TIMESTAMP_LTZ_OUTPUT_FORMAT", "",
                "TIMESTAMP_NTZ_OUTPUT_FORMAT", "YYYY-MM-DD HH24:MI:SS.FF3",
                "DATE_OUTPUT_FORMAT", "YYYY-MM-DD",
                "CLIENT_RESULT_PREFETCH_THREADS", 1).entrySet()) {
            ObjectNode n = p.addObject();
            n.put("name", e.getKey());
            n.set("value", JSON.valueToTree(e.getValue()));
        }
        return p;
    }

    private ObjectNode query(String sql) {
        Result result = answer.apply(sql);
        ObjectNode d = JSON.createObjectNode();
        d.set("parameters", parameters());
        ArrayNode rowtype = d.putArray("rowtype");
        for (Column c : result.columns()) {
            ObjectNode t = rowtype.addObject();
            t.put("name", c.name());
            t.put("database", "SNOWFLAKE");
            t.put("schema", "ACCOUNT_USAGE");
            t.put("table", "");
            t.put("type", c.type());
            t.put("scale", c.scale());
            t.put("precision", c.type().equals("fixed") ? 38 : 0);
            t.put("length", c.type().equals("text") ? 16777216 : 0);
            t.put("byteLength", c.type().equals("text") ? 16777216 : 0);
            t.put("nullable", true);
            t.putNull("collation");
        }
        ArrayNode rowset = d.putArray("rowset");
        for (List<String> row : result.rows()) {
            ArrayNode r = rowset.addArray();
            row.forEach(r::add);
        }
        d.put("total", result.rows().size());
        d.put("returned", result.rows().size());
        d.put("queryId", UUID.randomUUID().toString());
        d.put("databaseProvider", (String) null);
        d.put("finalDatabaseName", "SNOWFLAKE");
        d.put("finalSchemaName", "ACCOUNT_USAGE");
        d.put("finalWarehouseName", "LEDGERHOUSE_WH");
        d.put("finalRoleName", "USAGE_VIEWER");
        d.put("numberOfBinds", 0);
        d.put("arrayBindSupported", false);
        d.put("statementTypeId", 4096);
        d.put("version", 1);
        d.put("sendResultTime", System.currentTimeMillis());
        d.put("queryResultFormat", "json");
        return d;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
