package io.ledgerhouse.collect.aws.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cost Explorer and CloudWatch in the test JVM, as the real SDK clients see them through {@code endpointOverride}.
 *
 * <p><b>Cost Explorer</b> (AWS JSON 1.1: {@code POST /}, {@code X-Amz-Target: AWSInsightsIndexService.GetCostAndUsage})
 * answers from fixture line items ({@link #item}): for the request's GroupBy (SERVICE, and a TAG key) it sums the items
 * of each day in the TimePeriod into groups whose Keys are {@code ["Amazon Redshift", "team$data-eng"]} (untagged:
 * {@code "team$"}), amounts as decimal strings with their Unit, {@code Estimated} true for the current month, and
 * pages of {@link #pageSize} groups linked by {@code NextPageToken}. {@link #throttleNext} makes the next requests
 * answer 400 {@code LimitExceededException}; {@link #failRequest} makes one answer 400 {@code DataUnavailableException}.
 *
 * <p><b>CloudWatch</b> (Smithy RPC v2 CBOR: {@code POST /service/GraniteServiceVersion20100801/operation/GetMetricData},
 * {@code smithy-protocol: rpc-v2-cbor}) answers GetMetricData from fixture points ({@link #point}): per query, the
 * points of its cluster and metric in [StartTime, EndTime), timestamps as CBOR tag 1 (epoch seconds), at most
 * {@link #metricPageSize} points per query and page; a query cut short says {@code PartialData} and the answer carries
 * a {@code NextToken}.
 */
public final class FakeAwsServer implements AutoCloseable {

    /** One cost line item: a day's cost of a service with its tags. */
    public record Item(LocalDate day, String service, Map<String, String> tags, BigDecimal unblended,
            BigDecimal amortized) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    private final HttpServer server;
    private final List<Item> items = new CopyOnWriteArrayList<>();
    private final Map<String, TreeMap<Instant, Double>> points = new ConcurrentHashMap<>();
    public final List<JsonNode> costRequests = new CopyOnWriteArrayList<>();
    public final List<JsonNode> metricRequests = new CopyOnWriteArrayList<>();
    public final List<String> metricResponseStatuses = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttle = new AtomicInteger();
    private volatile int failAt = -1;
    public volatile int pageSize = 7;
    public volatile int metricPageSize = 400;

    public FakeAwsServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public FakeAwsServer item(LocalDate day, String service, Map<String, String> tags, String unblended,
            String amortized) {
        items.add(new Item(day, service, Map.copyOf(tags), new BigDecimal(unblended), new BigDecimal(amortized)));
        return this;
    }

    public List<Item> items() {
        return List.copyOf(items);
    }

    public void clearItems() {
        items.clear();
    }

    public void removeItems(java.util.function.Predicate<Item> which) {
        items.removeIf(which);
    }

    /** A CloudWatch data point of {@code metric} for {@code cluster}. */
    public FakeAwsServer point(String cluster, String metric, Instant at, double value) {
        points.computeIfAbsent(cluster + "/" + metric, k -> new TreeMap<>()).put(at, value);
        return this;
    }

    /** The next {@code n} Cost Explorer requests are throttled. */
    public void throttleNext(int n) {
        throttle.set(n);
    }

    /** The Cost Explorer request with this number (1-based, counted from now) fails. */
    public void failRequest(int number) {
        failAt = costRequests.size() + number;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            if ("POST".equals(ex.getRequestMethod()) && path.endsWith(
                    "/service/GraniteServiceVersion20100801/operation/GetMetricData")) {
                getMetricData(ex, CBOR.readTree(body));
                return;
            }
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            if ("AWSInsightsIndexService.GetCostAndUsage".equals(target)) {
                costRequests.add(JSON.readTree(body));
                if (throttle.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    jsonError(ex, "LimitExceededException", "Rate exceeded");
                } else if (costRequests.size() == failAt) {
                    jsonError(ex, "DataUnavailableException", "Data is not available for this request");
                } else {
                    getCostAndUsage(ex, costRequests.get(costRequests.size() - 1));
                }
                return;
            }
            byte[] out = ("{\"__type\":\"UnknownOperationException\",\"message\":\"" + target + " " + path + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            ex.sendResponseHeaders(400, out.length);
            ex.getResponseBody().write(out);
        }
    }

    // ---- Cost Explorer

    private void getCostAndUsage(HttpExchange ex, JsonNode req) throws IOException {
        LocalDate start = LocalDate.parse(req.path("TimePeriod").path("Start").asText());
        LocalDate end = LocalDate.parse(req.path("TimePeriod").path("End").asText());
        List<String> metrics = new ArrayList<>();
        req.path("Metrics").forEach(m -> metrics.add(m.asText()));
        List<String[]> groupBy = new ArrayList<>();
        req.path("GroupBy").forEach(g -> groupBy.add(new String[] {g.path("Type").asText(), g.path("Key").asText()}));

        // every (day, keys) group in order
        TreeMap<LocalDate, TreeMap<List<String>, BigDecimal[]>> groups = new TreeMap<>();
        for (Item i : items) {
            if (i.day().isBefore(start) || !i.day().isBefore(end)) {
                continue;
            }
            List<String> keys = new ArrayList<>();
            for (String[] g : groupBy) {
                keys.add("DIMENSION".equals(g[0]) && "SERVICE".equals(g[1]) ? i.service()
                        : g[1] + "$" + i.tags().getOrDefault(g[1], ""));
            }
            BigDecimal[] sums = groups.computeIfAbsent(i.day(), d -> new TreeMap<>(FakeAwsServer::compareKeys))
                    .computeIfAbsent(keys, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            sums[0] = sums[0].add(i.unblended());
            sums[1] = sums[1].add(i.amortized());
        }
        List<Object[]> flat = new ArrayList<>();
        groups.forEach((day, byKeys) -> byKeys.forEach((keys, sums) -> flat.add(new Object[] {day, keys, sums})));
        int offset = req.hasNonNull("NextPageToken") ? Integer.parseInt(req.get("NextPageToken").asText()
                .substring("page-".length())) : 0;
        int to = Math.min(flat.size(), offset + pageSize);

        ObjectNode out = JSON.createObjectNode();
        ArrayNode defs = out.putArray("GroupDefinitions");
        groupBy.forEach(g -> defs.addObject().put("Type", g[0]).put("Key", g[1]));
        ArrayNode results = out.putArray("ResultsByTime");
        // every day of the period appears (a day without cost has no groups), as Cost Explorer does; its groups
        // are those of this page
        YearMonth current = YearMonth.from(LocalDate.now(ZoneOffset.UTC));
        for (LocalDate d = start; d.isBefore(end); d = d.plusDays(1)) {
            LocalDate day = d;
            List<Object[]> onPage = flat.subList(offset, to).stream().filter(o -> o[0].equals(day)).toList();
            boolean first = offset == 0;
            if (onPage.isEmpty() && !first) {
                continue;
            }
            ObjectNode r = results.addObject();
            r.putObject("TimePeriod").put("Start", d.toString()).put("End", d.plusDays(1).toString());
            r.putObject("Total");
            ArrayNode gs = r.putArray("Groups");
            for (Object[] o : onPage) {
                ObjectNode g = gs.addObject();
                ArrayNode keys = g.putArray("Keys");
                @SuppressWarnings("unchecked")
                List<String> ks = (List<String>) o[1];
                ks.forEach(keys::add);
                ObjectNode ms = g.putObject("Metrics");
                BigDecimal[] sums = (BigDecimal[]) o[2];
                for (String m : metrics) {
                    BigDecimal v = "AmortizedCost".equals(m) ? sums[1] : sums[0];
                    ms.putObject(m).put("Amount", v.toPlainString()).put("Unit", "USD");
                }
            }
            r.put("Estimated", !YearMonth.from(d).isBefore(current));
        }
        if (to < flat.size()) {
            out.put("NextPageToken", "page-" + to);
        }
        out.putArray("DimensionValueAttributes");
        byte[] bytes = JSON.writeValueAsBytes(out);
        ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        ex.getResponseHeaders().add("x-amzn-RequestId", "fake-" + costRequests.size());
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static int compareKeys(List<String> a, List<String> b) {
        return String.join("\u0000", a).compareTo(String.join("\u0000", b));
    }

    private static void jsonError(HttpExchange ex, String type, String message) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(Map.of("__type", type, "message", message));
        ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        ex.getResponseHeaders().add("x-amzn-ErrorType", type);
        ex.sendResponseHeaders(400, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    // ---- CloudWatch (Smithy RPC v2 CBOR)

    private void getMetricData(HttpExchange ex, JsonNode req) throws IOException {
        metricRequests.add(req);
        Instant start = Instant.ofEpochMilli((long) (req.path("StartTime").asDouble() * 1000));
        Instant end = Instant.ofEpochMilli((long) (req.path("EndTime").asDouble() * 1000));
        int page = req.hasNonNull("NextToken") ? Integer.parseInt(req.get("NextToken").asText()) : 0;
        boolean more = false;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (CBORGenerator g = (CBORGenerator) CBOR.getFactory().createGenerator(buffer)) {
            g.writeStartObject();
            g.writeFieldName("MetricDataResults");
            g.writeStartArray();
            for (JsonNode q : req.path("MetricDataQueries")) {
                JsonNode metric = q.path("MetricStat").path("Metric");
                String cluster = metric.path("Dimensions").path(0).path("Value").asText();
                List<Map.Entry<Instant, Double>> all = new ArrayList<>(points.getOrDefault(cluster + "/"
                        + metric.path("MetricName").asText(), new TreeMap<>()).subMap(start, true, end, false)
                        .entrySet());
                int from = Math.min(all.size(), page * metricPageSize);
                int to = Math.min(all.size(), from + metricPageSize);
                boolean partial = to < all.size();
                more |= partial;
                String status = partial ? "PartialData" : "Complete";
                metricResponseStatuses.add(status);
                g.writeStartObject();
                g.writeStringField("Id", q.path("Id").asText());
                g.writeStringField("Label", metric.path("MetricName").asText());
                g.writeFieldName("Timestamps");
                g.writeStartArray();
                for (Map.Entry<Instant, Double> e : all.subList(from, to)) {
                    g.writeTag(1);
                    g.writeNumber(e.getKey().getEpochSecond());
                }
                g.writeEndArray();
                g.writeFieldName("Values");
                g.writeStartArray();
                for (Map.Entry<Instant, Double> e : all.subList(from, to)) {
                    g.writeNumber(e.getValue());
                }
                g.writeEndArray();
                g.writeStringField("StatusCode", status);
                g.writeEndObject();
            }
            g.writeEndArray();
            if (more) {
                g.writeStringField("NextToken", Integer.toString(page + 1));
            }
            g.writeFieldName("Messages");
            g.writeStartArray();
            g.writeEndArray();
            g.writeEndObject();
        }
        byte[] bytes = buffer.toByteArray();
        ex.getResponseHeaders().add("Content-Type", "application/cbor");
        ex.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
        ex.getResponseHeaders().add("x-amzn-RequestId", "fake-cw-" + metricRequests.size());
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

}
