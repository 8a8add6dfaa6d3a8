package io.ledgerhouse.collect.snowflake.fakes;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * An in-JVM stand-in for Snowflake's HTTP API, spoken to by the real snowflake-jdbc driver (connect with
 * {@code jdbc:snowflake://127.0.0.1:PORT/?ssl=off&account=fake}, property {@code disablePlatformDetection=true}).
 *
 * <p>It answers the calls the driver makes: login ({@code POST /session/v1/login-request}), statements
 * ({@code POST /queries/v1/query-request}, gzip body, answered in the JSON result format: {@code rowtype} plus a
 * {@code rowset} of strings, as Snowflake does with {@code JDBC_QUERY_RESULT_FORMAT=JSON}), heartbeats and logout.
 * What a statement returns is decided by the {@code answer} function the test supplies: a {@link Result} held in
 * memory, or a {@link Streamed} result whose rows are produced one at a time.
 *
 * <p><b>Large results come in chunks, as from Snowflake.</b> The first rows (up to {@link Chunking#inlineRows()} rows
 * and {@link Chunking#inlineBytes()} bytes of JSON) go inline in the query response's {@code rowset}; the rest are
 * cut into chunks of at most {@link Chunking#chunkRows()} rows and {@link Chunking#chunkBytes()} uncompressed bytes,
 * which the response lists up front in {@code data.chunks} (each {@code url}, {@code rowCount},
 * {@code uncompressedSize}, {@code compressedSize}) together with {@code qrmk} and {@code chunkHeaders}. The driver
 * then fetches each chunk with a GET from its prefetch threads (SnowflakeChunkDownloader /
 * DefaultResultStreamProvider), as in production. A chunk's body is what Snowflake stores: the rows as JSON arrays
 * separated by commas <em>without</em> enclosing brackets ({@code ["a","1"],\n["b",null]}), gzip-compressed and served
 * with {@code Content-Encoding: gzip}. {@code uncompressedSize} is the exact byte length of the JSON, which matters:
 * the driver sizes the chunk's buffer from it (JsonResultChunk.computeCharactersNeeded) and its parser fails if the
 * data is longer.
 *
 * <p>In Snowflake the chunk URLs are presigned object-store URLs (S3 with SSE-C: the key travels in the
 * {@code x-amz-server-side-encryption-customer-key} header, which the driver takes from {@code chunkHeaders}, or builds
 * from {@code qrmk} when there are no chunk headers). The fake serves them itself, on
 * {@code http://127.0.0.1:PORT/chunks/<queryId>/<n>} with presigned-looking query parameters, and answers like S3: 400
 * when the SSE-C key header is missing or wrong, 404 for an unknown chunk. So the driver's download path (URL, headers,
 * decompression, parsing, parallel prefetch, retry) runs as it does against Snowflake, with no cloud storage.
 *
 * <p>The fake does not hold a large result in memory either: the rows after the inline part are written, gzip'ed, to
 * one temporary file per chunk as the answer produces them (the first response has to give every chunk's row count and
 * sizes, so the result is complete before the response goes out, as in Snowflake). The files stay readable, like a
 * presigned URL, so the driver can fetch a chunk again after a failure; they are deleted when the fake is closed.
 *
 * <p>Faults: {@link #dropNextResults(int)} cuts statement responses off halfway, {@link #dropNextChunks(int)} cuts
 * chunk downloads off halfway through the body; both then drop the connection.
 *
 * <p>The memory settings the driver uses for prefetching ({@code CLIENT_PREFETCH_THREADS},
 * {@code CLIENT_MEMORY_LIMIT}, {@code CLIENT_RESULT_CHUNK_SIZE}) reach it the way Snowflake sends them: as parameters
 * of the login and statement responses. The fake answers with Snowflake's defaults (4, 1536, 160), or with the values
 * the connection set as session parameters at login (connection properties of those names), as Snowflake echoes them.
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

    /** What an answer function returns for a statement: a {@link Result} or a {@link Streamed} result. */
    public sealed interface Answer permits Result, Streamed {
    }

    /** A statement's result: columns and rows of values as Snowflake sends them (strings, or null). */
    public record Result(List<Column> columns, List<List<String>> rows) implements Answer {
    }

    /** Receives a streamed result: the columns once, then every row in order. */
    public interface Sink {
        void columns(List<Column> columns);

        /** A row of values as Snowflake sends them (strings, or null); the list may be reused after the call. */
        void row(List<String> values) throws IOException;
    }

    /** Produces a result into a sink; runs once, on the fake's thread, while the statement is answered. */
    @FunctionalInterface
    public interface Producer {
        void produce(Sink sink) throws Exception;
    }

    /**
     * A statement's result produced row by row, never held whole: the producer hands the columns, then each row, to
     * the fake, which keeps the inline part and writes the rest to chunk files. A {@link SnowflakeError} thrown by the
     * producer (even after some rows) makes the statement fail.
     */
    public record Streamed(Producer producer) implements Answer {
        /** The rows of an iterator, taken one at a time. */
        public static Streamed of(List<Column> columns, Iterator<? extends List<String>> rows) {
            return new Streamed(sink -> {
                sink.columns(columns);
                while (rows.hasNext()) {
                    sink.row(rows.next());
                }
            });
        }
    }

    /**
     * How results are split: at most {@code inlineRows} rows and {@code inlineBytes} bytes of JSON go inline in the
     * statement response; the rest go into chunks of at most {@code chunkRows} rows and {@code chunkBytes}
     * uncompressed bytes (a single row larger than that gets a chunk of its own).
     */
    public record Chunking(int inlineRows, long inlineBytes, int chunkRows, long chunkBytes) {
        /**
         * Close to what Snowflake does with JSON results: a first part of at most 10,000 rows / 1 MB inline, then
         * chunks of up to 16 MB uncompressed (Snowflake's JSON chunks run from tens of KB to about 16 MB).
         */
        public static final Chunking DEFAULT = new Chunking(10_000, 1 << 20, Integer.MAX_VALUE, 16L << 20);

        public Chunking {
            if (inlineRows < 0 || inlineBytes < 0 || chunkRows < 1 || chunkBytes < 1
                    || chunkBytes > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("bad chunking " + inlineRows + "/" + inlineBytes + "/" + chunkRows
                        + "/" + chunkBytes);
            }
        }

        /** Split by row counts only. */
        public static Chunking rows(int inlineRows, int chunkRows) {
            return new Chunking(inlineRows, Long.MAX_VALUE, chunkRows, Integer.MAX_VALUE / 2);
        }
    }

    /**
     * A chunk download the fake answered: with {@code status} 200, whole or {@code cut} off halfway by
     * {@link #dropNextChunks(int)}; or refused as S3 would (400 without the right SSE-C key, 404 for no such chunk).
     */
    public record ChunkFetch(String queryId, int chunk, int rowCount, int status, boolean cut) {
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
    private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROW_SEPARATOR = ",\n".getBytes(StandardCharsets.US_ASCII);
    private static final String SSE_C_ALGORITHM = "x-amz-server-side-encryption-customer-algorithm";
    private static final String SSE_C_KEY = "x-amz-server-side-encryption-customer-key";
    private static final String SSE_C_KEY_MD5 = "x-amz-server-side-encryption-customer-key-md5";
    private static final Pattern TOKEN = Pattern.compile("Token=\"([^\"]+)\"");
    /** Session parameters that steer the driver's result download, echoed back as Snowflake does. */
    private static final Map<String, Class<?>> CLIENT_PARAMETERS = Map.of(
            "CLIENT_PREFETCH_THREADS", Integer.class,
            "CLIENT_MEMORY_LIMIT", Integer.class,
            "CLIENT_RESULT_CHUNK_SIZE", Integer.class,
            "CLIENT_ENABLE_CONSERVATIVE_MEMORY_USAGE", Boolean.class,
            "CLIENT_CONSERVATIVE_MEMORY_ADJUST_STEP", Integer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path chunkDirectory;
    private final Function<String, ? extends Answer> answer;
    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final List<JsonNode> logins = new CopyOnWriteArrayList<>();
    private final List<ChunkFetch> chunkFetches = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Object>> sessionParameters = new ConcurrentHashMap<>();
    private final Map<String, StoredResult> results = new ConcurrentHashMap<>();
    private final AtomicInteger dropResults = new AtomicInteger();
    private final AtomicInteger dropChunks = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private volatile Chunking chunking;
    private volatile boolean sendChunkHeaders = true;

    /** The next {@code n} statement results are cut off halfway and the connection closed, as a network fault does. */
    public void dropNextResults(int n) {
        dropResults.set(n);
    }

    /** The next {@code n} chunk downloads are cut off halfway through the body and the connection closed. */
    public void dropNextChunks(int n) {
        dropChunks.set(n);
    }

    /** How the following statements' results are split into inline rows and chunks. */
    public void chunking(Chunking chunking) {
        this.chunking = chunking;
    }

    /**
     * Whether statement responses carry {@code chunkHeaders} (the default, as on AWS) or only {@code qrmk}, from which
     * the driver builds the SSE-C headers itself.
     */
    public void sendChunkHeaders(boolean send) {
        this.sendChunkHeaders = send;
    }

    public FakeSnowflakeServer(Function<String, ? extends Answer> answer) throws IOException {
        this(answer, 0);
    }

    /** A fake on a given port (0: any free port). */
    public FakeSnowflakeServer(Function<String, ? extends Answer> answer, int port) throws IOException {
        this(answer, port, Chunking.DEFAULT);
    }

    /** A fake on a given port (0: any free port) that splits large results as {@code chunking} says. */
    public FakeSnowflakeServer(Function<String, ? extends Answer> answer, int port, Chunking chunking)
            throws IOException {
        this.answer = answer;
        this.chunking = chunking;
        this.chunkDirectory = Files.createTempDirectory("fake-snowflake-chunks-");
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        AtomicInteger threads = new AtomicInteger();
        // several threads, so that the driver's parallel chunk downloads are served in parallel
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-snowflake-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
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

    /** Every chunk download answered, in the order they ended. */
    public List<ChunkFetch> chunkFetches() {
        return chunkFetches;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/chunks/")) {
                serveChunk(exchange, path);
                return;
            }
            JsonNode body = readBody(exchange);
            ObjectNode response;
            if (path.equals("/session/v1/login-request")) {
                logins.add(body);
                response = success(login(body));
            } else if (path.equals("/queries/v1/query-request")) {
                String sql = body.path("sqlText").asText();
                statements.add(sql);
                response = statement(sql, parametersOf(exchange));
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

    // ---- chunk downloads, answered the way S3 answers a presigned GET of an SSE-C object

    private void serveChunk(HttpExchange exchange, String path) throws IOException {
        String[] parts = path.split("/"); // "", "chunks", queryId, n
        StoredResult stored = parts.length == 4 ? results.get(parts[2]) : null;
        int index = -1;
        if (stored != null) {
            try {
                index = Integer.parseInt(parts[3]);
            } catch (NumberFormatException e) {
                index = -1;
            }
        }
        String queryId = parts.length > 2 ? parts[2] : "";
        if (!exchange.getRequestMethod().equals("GET") || stored == null || index < 0
                || index >= stored.chunks().size() || !Files.exists(stored.chunks().get(index).file())) {
            chunkFetches.add(new ChunkFetch(queryId, index, 0, 404, false));
            s3Error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        var headers = exchange.getRequestHeaders();
        String query = exchange.getRequestURI().getRawQuery();
        boolean algorithm = "AES256".equals(headers.getFirst(SSE_C_ALGORITHM))
                || (query != null && query.contains(SSE_C_ALGORITHM + "=AES256"));
        String md5 = headers.getFirst(SSE_C_KEY_MD5);
        if (!algorithm || !stored.key().equals(headers.getFirst(SSE_C_KEY))
                || (md5 != null && !md5.equals(stored.keyMd5()))) {
            chunkFetches.add(new ChunkFetch(queryId, index, stored.chunks().get(index).rowCount(), 400, false));
            s3Error(exchange, 400, "InvalidRequest", "The object was stored using a form of Server Side Encryption. "
                    + "The correct parameters must be provided to retrieve the object.");
            return;
        }
        ChunkFile chunk = stored.chunks().get(index);
        boolean cut = dropChunks.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        exchange.getResponseHeaders().add("Content-Type", "binary/octet-stream");
        exchange.getResponseHeaders().add("Content-Encoding", "gzip");
        exchange.sendResponseHeaders(200, chunk.compressedSize());
        OutputStream out = exchange.getResponseBody();
        if (cut) {
            try (InputStream in = Files.newInputStream(chunk.file())) {
                out.write(in.readNBytes((int) (chunk.compressedSize() / 2)));
            }
            out.flush();
            chunkFetches.add(new ChunkFetch(queryId, index, chunk.rowCount(), 200, true));
            return; // closing the exchange with the body unfinished drops the connection
        }
        Files.copy(chunk.file(), out);
        out.close();
        chunkFetches.add(new ChunkFetch(queryId, index, chunk.rowCount(), 200, false));
    }

    private static void s3Error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] bytes = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                + message + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    // ---- statements

    private ObjectNode statement(String sql, Map<String, Object> sessionParameters) {
        String queryId = UUID.randomUUID().toString();
        try {
            Answer a = answer.apply(sql);
            ResultWriter result = new ResultWriter(queryId, chunking);
            try {
                if (a instanceof Result r) {
                    result.columns(r.columns());
                    for (List<String> row : r.rows()) {
                        result.row(row);
                    }
                } else {
                    ((Streamed) a).producer().produce(result);
                }
                result.finish();
            } catch (Exception | Error e) {
                result.discard();
                throw e;
            }
            return success(query(result, sessionParameters));
        } catch (SnowflakeError e) {
            ObjectNode r = JSON.createObjectNode();
            ObjectNode data = r.putObject("data");
            data.put("errorCode", e.code);
            data.put("sqlState", "42000");
            data.put("queryId", queryId);
            r.put("code", e.code);
            r.put("message", e.getMessage());
            r.put("success", false);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the answer to " + sql + " failed", e);
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

    private ObjectNode login(JsonNode body) {
        String token = "session-" + UUID.randomUUID();
        Map<String, Object> set = new LinkedHashMap<>();
        body.path("data").path("SESSION_PARAMETERS").properties().forEach(e -> {
            String name = e.getKey().toUpperCase(java.util.Locale.ROOT);
            Class<?> type = CLIENT_PARAMETERS.get(name);
            if (type == Integer.class) {
                set.put(name, e.getValue().asInt());
            } else if (type == Boolean.class) {
                set.put(name, e.getValue().asBoolean());
            }
        });
        sessionParameters.put(token, set);
        ObjectNode d = JSON.createObjectNode();
        d.put("token", token);
        d.put("masterToken", "master-" + UUID.randomUUID());
        d.put("validityInSeconds", 3600);
        d.put("masterValidityInSeconds", 14400);
        d.put("sessionId", 1);
        d.put("serverVersion", "9.0.0");
        d.put("displayUserName", "LEDGERHOUSE");
        d.put("firstLogin", false);
        d.put("healthCheckInterval", 45);
        d.set("parameters", parameters(set));
        ObjectNode info = d.putObject("sessionInfo");
        info.put("databaseName", "SNOWFLAKE");
        info.put("schemaName", "ACCOUNT_USAGE");
        info.put("warehouseName", "LEDGERHOUSE_WH");
        info.put("roleName", "USAGE_VIEWER");
        return d;
    }

    /** The session parameters set at the login whose token the request carries. */
    private Map<String, Object> parametersOf(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null) {
            Matcher m = TOKEN.matcher(authorization);
            if (m.find()) {
                return sessionParameters.getOrDefault(m.group(1), Map.of());
            }
        }
        return Map.of();
    }

    private static ArrayNode parameters(Map<String, Object> set) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("AUTOCOMMIT", true);
        all.put("TIMEZONE", "UTC");
        all.put("TIMESTAMP_OUTPUT_FORMAT", "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM");
        all.put("TIMESTAMP_LTZ_OUTPUT_FORMAT", "");
        all.put("TIMESTAMP_NTZ_OUTPUT_FORMAT", "YYYY-MM-DD HH24:MI:SS.FF3");
        all.put("DATE_OUTPUT_FORMAT", "YYYY-MM-DD");
        // Snowflake's defaults; the driver needs CLIENT_RESULT_CHUNK_SIZE as soon as a result has chunks
        all.put("CLIENT_PREFETCH_THREADS", 4);
        all.put("CLIENT_MEMORY_LIMIT", 1536);
        all.put("CLIENT_RESULT_CHUNK_SIZE", 160);
        all.putAll(set);
        ArrayNode p = JSON.createArrayNode();
        all.forEach((name, value) -> {
            ObjectNode n = p.addObject();
            n.put("name", name);
            n.set("value", JSON.valueToTree(value));
        });
        return p;
    }

    private ObjectNode query(ResultWriter result, Map<String, Object> sessionParameters) {
        ObjectNode d = JSON.createObjectNode();
        d.set("parameters", parameters(sessionParameters));
        ArrayNode rowtype = d.putArray("rowtype");
        for (Column c : result.columns) {
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
        for (List<String> row : result.inline) {
            ArrayNode r = rowset.addArray();
            row.forEach(r::add);
        }
        d.put("total", result.total);
        d.put("returned", result.total);
        d.put("queryId", result.queryId);
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
        if (!result.chunks.isEmpty()) {
            byte[] keyBytes = new byte[32];
            random.nextBytes(keyBytes);
            String key = Base64.getEncoder().encodeToString(keyBytes);
            String keyMd5;
            try {
                keyMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(keyBytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            results.put(result.queryId, new StoredResult(key, keyMd5, List.copyOf(result.chunks)));
            ArrayNode chunks = d.putArray("chunks");
            for (int i = 0; i < result.chunks.size(); i++) {
                ChunkFile c = result.chunks.get(i);
                ObjectNode n = chunks.addObject();
                // shaped like a presigned S3 URL; the algorithm rides in the URL, the key in the headers
                n.put("url", "http://127.0.0.1:" + port() + "/chunks/" + result.queryId + "/" + i + "?"
                        + SSE_C_ALGORITHM + "=AES256&response-content-encoding=gzip&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                        + "&X-Amz-Expires=21599&X-Amz-SignedHeaders=host%3B" + SSE_C_KEY + "%3B" + SSE_C_KEY_MD5
                        + "&X-Amz-Signature=" + UUID.randomUUID().toString().replace("-", ""));
                n.put("rowCount", c.rowCount());
                n.put("uncompressedSize", c.uncompressedSize());
                n.put("compressedSize", c.compressedSize());
            }
            d.put("qrmk", key);
            if (sendChunkHeaders) {
                ObjectNode h = d.putObject("chunkHeaders");
                h.put(SSE_C_KEY, key);
                h.put(SSE_C_KEY_MD5, keyMd5);
            }
        }
        return d;
    }

    /** A finished chunk: its gzip file, row count and sizes. */
    private record ChunkFile(Path file, int rowCount, int uncompressedSize, long compressedSize) {
    }

    /** The chunks of a statement's result, with the SSE-C key their download must present. */
    private record StoredResult(String key, String keyMd5, List<ChunkFile> chunks) {
    }

    /** Takes a result's rows as they come: the first ones in memory for the rowset, the rest into chunk files. */
    private final class ResultWriter implements Sink {
        final String queryId;
        final Chunking chunking;
        List<Column> columns;
        final List<List<String>> inline = new ArrayList<>();
        long inlineBytes = 2;
        final List<ChunkFile> chunks = new ArrayList<>();
        ChunkWriter current;
        long total;
        final ByteArrayOutputStream row = new ByteArrayOutputStream(1024);

        ResultWriter(String queryId, Chunking chunking) {
            this.queryId = queryId;
            this.chunking = chunking;
        }

        @Override
        public void columns(List<Column> columns) {
            if (this.columns != null) {
                throw new IllegalStateException("the columns are given once");
            }
            this.columns = List.copyOf(columns);
        }

        @Override
        public void row(List<String> values) throws IOException {
            if (columns == null) {
                throw new IllegalStateException("the columns come before the rows");
            }
            if (values.size() != columns.size()) {
                throw new IllegalArgumentException("a row of " + values.size() + " values for " + columns.size()
                        + " columns");
            }
            encode(values);
            if (current == null && chunks.isEmpty() && inline.size() < chunking.inlineRows()
                    && inlineBytes + row.size() + 1 <= chunking.inlineBytes()) {
                inline.add(new ArrayList<>(values));
                inlineBytes += row.size() + 1;
            } else {
                if (current != null && (current.rows >= chunking.chunkRows()
                        || current.bytes + ROW_SEPARATOR.length + row.size() > chunking.chunkBytes())) {
                    chunks.add(current.finish());
                    current = null;
                }
                if (current == null) {
                    current = new ChunkWriter(chunkDirectory.resolve(queryId + "_" + chunks.size() + ".json.gz"));
                }
                current.write(row);
            }
            total++;
        }

        /** The row as Snowflake writes it: a JSON array of strings and nulls. */
        private void encode(List<String> values) {
            row.reset();
            row.write('[');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    row.write(',');
                }
                String v = values.get(i);
                if (v == null) {
                    row.writeBytes(NULL);
                } else {
                    row.write('"');
                    row.writeBytes(ESCAPE.quoteAsUTF8(v));
                    row.write('"');
                }
            }
            row.write(']');
        }

        void finish() throws IOException {
            if (columns == null) {
                throw new IllegalStateException("a result without columns");
            }
            if (current != null) {
                chunks.add(current.finish());
                current = null;
            }
        }

        void discard() {
            if (current != null) {
                current.abandon();
            }
            for (ChunkFile c : chunks) {
                deleteQuietly(c.file());
            }
        }
    }

    /** One chunk being written: rows joined by a comma (no enclosing brackets), gzip'ed to a file. */
    private static final class ChunkWriter {
        final Path file;
        final OutputStream out;
        int rows;
        long bytes;

        ChunkWriter(Path file) throws IOException {
            this.file = file;
            this.out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
        }

        void write(ByteArrayOutputStream row) throws IOException {
            if (rows > 0) {
                out.write(ROW_SEPARATOR);
                bytes += ROW_SEPARATOR.length;
            }
            row.writeTo(out);
            bytes += row.size();
            rows++;
        }

        ChunkFile finish() throws IOException {
            out.close();
            return new ChunkFile(file, rows, (int) bytes, Files.size(file));
        }

        void abandon() {
            try {
                out.close();
            } catch (IOException ignored) {
                // the file goes anyway
            }
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file; the directory goes at close
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        results.clear();
        try (Stream<Path> files = Files.walk(chunkDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(FakeSnowflakeServer::deleteQuietly);
        } catch (IOException ignored) {
            // temporary files
        }
    }
}
