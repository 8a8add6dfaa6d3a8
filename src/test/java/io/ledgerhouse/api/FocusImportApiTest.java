package io.ledgerhouse.api;

import static io.restassured.RestAssured.given;
import static io.restassured.config.JsonConfig.jsonConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.ledgerhouse.testing.FocusSample;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The FOCUS import and the cost API end to end, against the embedded PostgreSQL: figures the API gives are compared
 * with sums computed from the file independently of the import code. Each test uses its own source, so tests do not
 * see each other's charges.
 */
@QuarkusTest
class FocusImportApiTest {

    private static final RestAssuredConfig EXACT = RestAssured.config()
            .jsonConfig(jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    private static final String YEAR = "from=2024-01-01&to=2025-01-01";

    static List<Map<String, String>> rows;

    @BeforeAll
    static void readSample() {
        rows = FocusSample.rows();
        assertThat(rows).hasSize(1000);
    }

    @Test
    void importedSampleTotalsEqualTheFileSums() {
        JsonPath run = importCsv("sample-a", FocusSample.bytes(), "text/csv", 201);
        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(run.getLong("rows")).isEqualTo(1000);
        assertThat(run.getString("focusVersion")).isEqualTo("1.0");
        assertThat(run.getMap("providers")).containsEntry("AWS", 942).containsEntry("Microsoft", 51)
                .containsEntry("Oracle", 7);
        BigDecimal billed = FocusSample.sumBy(rows, "BilledCost", r -> "all").get("all");
        BigDecimal effective = FocusSample.sumBy(rows, "EffectiveCost", r -> "all").get("all");
        BigDecimal list = FocusSample.sumBy(rows, "ListCost", r -> "all").get("all");
        assertThat(run.getObject("totals[0].billedCost", BigDecimal.class)).isEqualByComparingTo(billed);
        assertThat(run.getObject("totals[0].effectiveCost", BigDecimal.class)).isEqualByComparingTo(effective);

        // the import was followed by the allocation of its month: every dollar is somewhere
        JsonPath reconciliation = given().config(EXACT).queryParam("month", "2024-09").get("/api/v1/reconciliation")
                .then()
                .statusCode(200).extract().jsonPath();
        assertThat(reconciliation.getString("find { it.source == 'sample-a' }.runStatus")).isEqualTo("SUCCEEDED");
        assertThat(reconciliation.getObject("find { it.source == 'sample-a' }.difference", BigDecimal.class))
                .isZero();
        assertThat(reconciliation.getObject("find { it.source == 'sample-a' }.billed", BigDecimal.class))
                .isEqualByComparingTo(billed);

        JsonPath total = costs(YEAR + "&filter=source:sample-a");
        assertThat(total.getList("totals")).hasSize(1);
        assertThat(total.getString("totals[0].currency")).isEqualTo("USD");
        assertThat(total.getObject("totals[0].billedCost", BigDecimal.class)).isEqualByComparingTo(billed);
        assertThat(total.getObject("totals[0].effectiveCost", BigDecimal.class)).isEqualByComparingTo(effective);
        assertThat(total.getObject("totals[0].listCost", BigDecimal.class)).isEqualByComparingTo(list);
        assertThat(total.getLong("totals[0].charges")).isEqualTo(1000);

        assertGroupsEqual(costs(YEAR + "&filter=source:sample-a&groupBy=provider"), "provider",
                FocusSample.sumBy(rows, "BilledCost", r -> r.get("ProviderName")));
        assertGroupsEqual(costs(YEAR + "&filter=source:sample-a&groupBy=tag:environment"), "tag:environment",
                FocusSample.sumBy(rows, "BilledCost", r -> FocusSample.tag(r, "environment")));
        // the key is matched after normalisation, however the request spells it
        assertGroupsEqual(costs(YEAR + "&filter=source:sample-a&groupBy=tag: Environment"), "tag:environment",
                FocusSample.sumBy(rows, "BilledCost", r -> FocusSample.tag(r, "environment")));

        JsonPath prodAws = costs(YEAR + "&filter=source:sample-a,provider:AWS,tag:environment:prod");
        BigDecimal expected = FocusSample.sumBy(rows, "BilledCost",
                r -> "AWS".equals(r.get("ProviderName")) && "prod".equals(FocusSample.tag(r, "environment"))
                        ? "yes" : "no").get("yes");
        assertThat(prodAws.getObject("totals[0].billedCost", BigDecimal.class)).isEqualByComparingTo(expected);

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("ledgerhouse_import_runs_total{status=\"SUCCEEDED\"}"))
                .body(containsString("ledgerhouse_import_rows_total{source=\"sample-a\"} 1000.0"));
    }

    @Test
    void importingTheSameContentAgainAddsNothingAndSaysSo() {
        JsonPath first = importCsv("sample-b", FocusSample.bytes(), "text/csv", 201);
        JsonPath again = importCsv("sample-b", gzip(FocusSample.bytes()), "application/gzip", 200);
        assertThat(again.getString("status")).isEqualTo("UNCHANGED");
        assertThat(again.getLong("duplicateOf")).isEqualTo(first.getLong("id"));
        assertThat(again.getLong("rows")).isZero();
        assertThat(costs(YEAR + "&filter=source:sample-b").getLong("totals[0].charges")).isEqualTo(1000);
    }

    @Test
    void aCostThatIsNotANumberRejectsTheWholeFile() {
        importCsv("sample-c", FocusSample.bytes(), "text/csv", 201);
        JsonPath before = costs(YEAR + "&filter=source:sample-c&groupBy=provider");

        String broken = FocusSample.withCell(37, "BilledCost", "abc");
        given().contentType("text/csv").body(broken.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/imports/focus?source=sample-c")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("problemCount", equalTo(1))
                .body("problems[0].line", equalTo(37))
                .body("problems[0].column", equalTo("BilledCost"))
                .body("problems[0].reason", containsString("abc"));

        JsonPath after = costs(YEAR + "&filter=source:sample-c&groupBy=provider");
        assertThat(after.getList("rows")).isEqualTo(before.getList("rows"));
        assertThat(after.getList("totals")).isEqualTo(before.getList("totals"));
    }

    @Test
    void everyProblemIsListedWithItsLine() {
        String broken = FocusSample.withCell(2, "BilledCost", "\"1,5\"");
        broken = broken.replace("\"2024-09-18 22:00:00\"", "\"yesterday\"");
        given().contentType("text/csv").body(broken.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/imports/focus?source=sample-d")
                .then().statusCode(422)
                .body("problems.column", hasItem("BilledCost"))
                .body("problems.column", hasItem("ChargePeriodStart"))
                .body("problems.find { it.column == 'BilledCost' }.line", equalTo(2));
        assertThat(costs(YEAR + "&filter=source:sample-d").getList("totals")).isEmpty();
    }

    @Test
    void aTruncatedGzipStoresNothingAndSaysWhy() {
        byte[] whole = gzip(FocusSample.bytes());
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
        given().contentType("application/gzip").body(truncated)
                .when().post("/api/v1/imports/focus?source=sample-i")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("problems[0].reason", containsString("could not be read to its end"));
        assertThat(costs(YEAR + "&filter=source:sample-i").getList("totals")).isEmpty();
    }

    @Test
    void aFileWithoutBilledCostIsRejectedNamingTheColumn() {
        String csv = "BillingAccountId,ChargePeriodStart\n1,2024-09-01\n";
        given().contentType("text/csv").body(csv)
                .when().post("/api/v1/imports/focus?source=sample-e")
                .then().statusCode(422)
                .body("problems.column", hasItem("BilledCost"))
                .body("problems.find { it.column == 'BilledCost' }.reason", containsString("missing"));
    }

    @Test
    void aRestatedBillingPeriodReplacesTheEarlierRows() {
        String header = FocusSample.withCell(1, "BilledCost", "BilledCost").split("\n")[0];
        String first = header + "\n" + String.join("\n", smallRows("1.00")) + "\n";
        String restated = header + "\n" + String.join("\n", smallRows("2.50")) + "\n";
        importCsv("sample-f", gzip(first.getBytes(StandardCharsets.UTF_8)), "application/gzip", 201);
        JsonPath second = importCsv("sample-f", restated.getBytes(StandardCharsets.UTF_8), "text/csv", 201);
        assertThat(second.getLong("rowsReplaced")).isEqualTo(3);
        JsonPath total = costs(YEAR + "&filter=source:sample-f");
        assertThat(total.getLong("totals[0].charges")).isEqualTo(3);
        assertThat(total.getObject("totals[0].billedCost", BigDecimal.class)).isEqualByComparingTo("7.50");
    }

    @Test
    void chargesOfSeveralMonthsLandInTheirMonthPartitions() {
        String header = FocusSample.withCell(1, "BilledCost", "BilledCost").split("\n")[0];
        String row = FocusSample.withCell(2, "BilledCost", "1.00").split("\n")[1];
        String jan = row.replace("\"2024-09-18 23:00:00\",\"2024-09-18 22:00:00\"",
                "\"2031-01-05 23:00:00\",\"2031-01-05 22:00:00\"");
        String mar = row.replace("\"2024-09-18 23:00:00\",\"2024-09-18 22:00:00\"",
                "\"2031-03-31 23:59:59\",\"2031-03-31 23:00:00\"");
        String feb = row.replace("\"2024-09-18 23:00:00\",\"2024-09-18 22:00:00\"",
                "\"2031-02-01 01:00:00\",\"2031-02-01 00:00:00\"");
        String csv = String.join("\n", header, jan, feb, jan, mar, feb, jan) + "\n";
        importCsv("sample-h", csv.getBytes(StandardCharsets.UTF_8), "text/csv", 201);
        JsonPath months = costs("from=2031-01-01&to=2031-04-01&filter=source:sample-h&groupBy=month");
        assertThat(months.getList("rows.group.month")).containsExactly("2031-01", "2031-02", "2031-03");
        assertThat(months.getList("rows.charges", Long.class)).containsExactly(3L, 2L, 1L);
    }

    @Test
    void aMultipartUploadIsImported() {
        JsonPath run = given().config(EXACT).multiPart("file", "focus.csv", FocusSample.bytes(), "text/csv")
                .when().post("/api/v1/imports/focus?source=sample-g")
                .then().statusCode(201).extract().jsonPath();
        assertThat(run.getString("fileName")).isEqualTo("focus.csv");
        assertThat(run.getLong("rows")).isEqualTo(1000);
        given().when().get("/api/v1/imports/" + run.getLong("id")).then().statusCode(200)
                .body("source", equalTo("sample-g"));
    }

    @Test
    void badCostParametersAnswer400NamingTheParameter() {
        Map<String, String> cases = new HashMap<>();
        cases.put("from=2024-13-01&to=2025-01-01", "from");
        cases.put("from=2024-02-01&to=2024-01-01", "to");
        cases.put("from=2024-01-01&to=2025-01-01&groupBy=colour", "groupBy");
        cases.put("from=2024-01-01&to=2025-01-01&groupBy=tag:", "groupBy");
        cases.put("from=2024-01-01&to=2025-01-01&filter=AWS", "filter");
        cases.put("from=2024-01-01&to=2025-01-01&filter=tag:env", "filter");
        cases.put("from=2024-01-01&to=2025-01-01&limit=lots", "limit");
        cases.forEach((query, parameter) -> given().when().get("/api/v1/costs?" + query)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("parameter", equalTo(parameter))
                .body("title", containsString(parameter)));
    }

    /** Three charges of one billing period with the given BilledCost each, built from the sample's second line. */
    private static List<String> smallRows(String cost) {
        String template = FocusSample.withCell(2, "BilledCost", cost).split("\n")[1];
        return List.of(template, template, template);
    }

    private static void assertGroupsEqual(JsonPath result, String label, Map<String, BigDecimal> expected) {
        Map<String, BigDecimal> actual = new HashMap<>();
        List<Map<String, Object>> list = result.getList("rows");
        for (Map<String, Object> row : list) {
            Object key = ((Map<?, ?>) row.get("group")).get(label);
            Object previous = actual.put(key == null ? FocusSample.NO_VALUE : key.toString(),
                    (BigDecimal) row.get("billedCost"));
            assertThat(previous).as("group " + key + " appears once").isNull();
        }
        assertThat(actual.keySet()).as(result.prettify()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(actual.get(k)).as(label + "=" + k).isEqualByComparingTo(v));
    }

    static JsonPath importCsv(String source, byte[] body, String contentType, int status) {
        return given().config(EXACT).contentType(contentType).body(body)
                .when().post("/api/v1/imports/focus?source=" + source)
                .then().statusCode(status).extract().jsonPath();
    }

    static JsonPath costs(String query) {
        return given().config(EXACT).when().get("/api/v1/costs?" + query)
                .then().statusCode(200).extract().jsonPath();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
