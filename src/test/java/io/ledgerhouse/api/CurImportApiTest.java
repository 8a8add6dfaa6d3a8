package io.ledgerhouse.api;

import static io.restassured.RestAssured.given;
import static io.restassured.config.JsonConfig.jsonConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.ledgerhouse.testing.CurSample;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The AWS Cost and Usage Report import end to end, against the embedded PostgreSQL: figures are compared with sums of
 * the file's cells ({@link CurSample}). Each test uses its own source and payer account.
 */
@QuarkusTest
class CurImportApiTest {

    private static final RestAssuredConfig EXACT = RestAssured.config()
            .jsonConfig(jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    private static final String MONTH = "from=2024-09-01&to=2024-10-01";

    @Test
    void aCurFileImportsPlainOrGzippedWithTotalsEqualToTheUnblendedSum() {
        List<Map<String, String>> rows = CurSample.rows("100000000001", "2024-09", "1");
        BigDecimal unblended = CurSample.sum(rows, "lineItem/UnblendedCost");
        BigDecimal amortized = CurSample.amortizedSum(rows);
        BigDecimal list = CurSample.sum(rows, "pricing/publicOnDemandCost");

        JsonPath plain = importCur("cur-a", CurSample.bytes(rows), "text/csv", 201);
        JsonPath gzipped = importCur("cur-b", gzip(CurSample.bytes(rows)), "application/gzip", 201);
        for (JsonPath run : List.of(plain, gzipped)) {
            assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
            assertThat(run.getString("focusVersion")).isEqualTo("CUR");
            assertThat(run.getLong("rows")).isEqualTo(rows.size());
            assertThat(run.getMap("providers")).containsEntry("AWS", rows.size());
            assertThat(run.getObject("totals[0].billedCost", BigDecimal.class)).isEqualByComparingTo(unblended);
            assertThat(run.getObject("totals[0].effectiveCost", BigDecimal.class)).isEqualByComparingTo(amortized);
            assertThat(run.getString("billingPeriods[0].billingAccountId")).isEqualTo("100000000001");
        }
        for (String source : List.of("cur-a", "cur-b")) {
            JsonPath total = costs(MONTH + "&filter=source:" + source);
            assertThat(total.getObject("totals[0].billedCost", BigDecimal.class)).isEqualByComparingTo(unblended);
            assertThat(total.getObject("totals[0].effectiveCost", BigDecimal.class)).isEqualByComparingTo(amortized);
            assertThat(total.getObject("totals[0].listCost", BigDecimal.class)).isEqualByComparingTo(list);
            assertThat(total.getLong("totals[0].charges")).isEqualTo(rows.size());
        }
        // sanity of the fixture: amortization moves cost between rows, it is not the invoice
        assertThat(amortized).isNotEqualByComparingTo(unblended);
    }

    @Test
    void theSameFileAgainIsUnchanged() {
        byte[] file = CurSample.bytes(CurSample.rows("100000000002", "2024-09", "1"));
        JsonPath first = importCur("cur-c", file, "text/csv", 201);
        JsonPath again = importCur("cur-c", gzip(file), "application/gzip", 200);
        assertThat(again.getString("status")).isEqualTo("UNCHANGED");
        assertThat(again.getLong("duplicateOf")).isEqualTo(first.getLong("id"));
        assertThat(costs(MONTH + "&filter=source:cur-c").getLong("totals[0].charges")).isEqualTo(11);
    }

    @Test
    void aFileRestatingTheMonthReplacesTheEarlierRows() {
        List<Map<String, String>> first = CurSample.rows("100000000003", "2024-09", "1");
        List<Map<String, String>> restated = CurSample.rows("100000000003", "2024-09", "2");
        importCur("cur-d", CurSample.bytes(first), "text/csv", 201);
        JsonPath second = importCur("cur-d", CurSample.bytes(restated), "text/csv", 201);
        assertThat(second.getLong("rowsReplaced")).isEqualTo(first.size());
        JsonPath total = costs(MONTH + "&filter=source:cur-d");
        assertThat(total.getLong("totals[0].charges")).isEqualTo(restated.size());
        assertThat(total.getObject("totals[0].billedCost", BigDecimal.class))
                .isEqualByComparingTo(CurSample.sum(restated, "lineItem/UnblendedCost"));
    }

    @Test
    void aFileWithABadRowStoresNothingAndNamesTheLineAndCurColumn() {
        List<Map<String, String>> rows = CurSample.rows("100000000004", "2024-09", "1");
        importCur("cur-e", CurSample.bytes(rows), "text/csv", 201);
        JsonPath before = costs(MONTH + "&filter=source:cur-e");

        List<Map<String, String>> restated = CurSample.rows("100000000004", "2024-09", "3");
        restated.get(3).put("lineItem/UnblendedCost", "12,5");
        restated.get(6).put("lineItem/UsageStartDate", "soon");
        given().contentType("text/csv").body(CurSample.bytes(restated))
                .when().post("/api/v1/imports/cur?source=cur-e")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("problemCount", equalTo(2))
                .body("problems[0].line", equalTo(5))
                .body("problems[0].column", equalTo("lineItem/UnblendedCost"))
                .body("problems[0].reason", containsString("12,5"))
                .body("problems[1].line", equalTo(8))
                .body("problems[1].column", equalTo("lineItem/UsageStartDate"));

        JsonPath after = costs(MONTH + "&filter=source:cur-e");
        assertThat(after.getList("totals")).isEqualTo(before.getList("totals"));
    }

    @Test
    void aFileWithoutAMandatoryCurColumnIsRejectedNamingIt() {
        String csv = CurSample.csv(CurSample.rows("100000000005", "2024-09", "1"))
                .replace("lineItem/UnblendedCost", "lineItem/BlendedCost");
        given().contentType("text/csv").body(csv)
                .when().post("/api/v1/imports/cur?source=cur-f")
                .then().statusCode(422)
                .body("problems[0].line", equalTo(1))
                .body("problems[0].column", equalTo("lineItem/UnblendedCost"))
                .body("problems[0].reason", containsString("mandatory CUR column"));
    }

    @Test
    void costsByTeamTagShowTheTagValuesAndUntagged() {
        List<Map<String, String>> rows = CurSample.rows("100000000006", "2024-09", "1");
        importCur("cur-g", CurSample.bytes(rows), "text/csv", 201);
        Map<String, BigDecimal> expected = new HashMap<>();
        for (Map<String, String> r : rows) {
            String team = r.get("resourceTags/user:team");
            expected.merge(team.isEmpty() ? "(untagged)" : team, new BigDecimal(r.get("lineItem/UnblendedCost")),
                    BigDecimal::add);
        }
        assertThat(expected).containsKeys("data", "web", "(untagged)");

        JsonPath byTeam = costs(MONTH + "&filter=source:cur-g,provider:AWS&groupBy=tag:team");
        Map<String, BigDecimal> actual = new HashMap<>();
        List<Map<String, Object>> list = byTeam.getList("rows");
        for (Map<String, Object> row : list) {
            Object key = ((Map<?, ?>) row.get("group")).get("tag:team");
            actual.put(key == null ? "(untagged)" : key.toString(), (BigDecimal) row.get("billedCost"));
        }
        assertThat(actual.keySet()).as(byTeam.prettify()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(actual.get(k)).as("team " + k).isEqualByComparingTo(v));
    }

    @Test
    void aMultipartUploadIsImported() {
        JsonPath run = given().config(EXACT)
                .multiPart("file", "cur.csv", CurSample.bytes(CurSample.rows("100000000007", "2024-09", "1")),
                        "text/csv")
                .when().post("/api/v1/imports/cur?source=cur-h")
                .then().statusCode(201).extract().jsonPath();
        assertThat(run.getString("fileName")).isEqualTo("cur.csv");
        assertThat(run.getLong("rows")).isEqualTo(11);
    }

    static JsonPath importCur(String source, byte[] body, String contentType, int status) {
        return given().config(EXACT).contentType(contentType).body(body)
                .when().post("/api/v1/imports/cur?source=" + source)
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
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
