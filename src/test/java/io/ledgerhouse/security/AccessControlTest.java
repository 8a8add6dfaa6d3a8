package io.ledgerhouse.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerhouse.trial.DemoSnowflakeLoader;
import io.ledgerhouse.trial.engine.SnowflakeAccountGenerator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.security.KeyPairGenerator;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The access matrix in jwt mode: every endpoint × every role (admin, finops, engineer, a member of team sec-alpha)
 * plus a caller without a token and one whose token has no role, and for the endpoints that name a team, the
 * caller's own team and the other one. Each answer's status is asserted, and no answer to the team member (or to
 * a refused caller) may contain the other team's name, amounts, budget, owner or query ids.
 *
 * <p>Fixture: a generated Snowflake account (source {@code sec-sf}, three days, about 2,000 queries) whose
 * finance-tagged queries go to {@code sec-alpha} and growth-tagged ones to {@code sec-beta} (rules limited to that
 * source); everything else of the account is idle or unallocated, or goes to whatever teams other tests' rules name.
 * Writes are sent with bodies or ids that fail after the access check (422, 404), so the matrix changes nothing.
 */
@QuarkusTest
@TestProfile(JwtProfile.class)
class AccessControlTest {

    static final String SOURCE = "sec-sf";
    static final String OWN = "sec-alpha";
    static final String OTHER = "sec-beta";
    static final String OTHER_OWNER = "beta-owner@example.com";
    static final BigDecimal OWN_BUDGET = new BigDecimal("4321.17");
    static final BigDecimal OTHER_BUDGET = new BigDecimal("8765.43");
    static final String[] ROLES = {"admin", "finops", "engineer", "team"};
    static final Set<String> ALL = Set.of(ROLES);
    static final Set<String> STAFF = Set.of("admin", "finops", "engineer");
    static final Set<String> FINOPS = Set.of("admin", "finops");
    static final Set<String> ENGINEERING = Set.of("admin", "engineer");
    static final Set<String> ADMIN = Set.of("admin");
    /** Expected status "whatever the admin gets", which must itself be neither a refusal nor a server error. */
    static final int AS_ADMIN = -1;
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static boolean seeded;
    static YearMonth month;
    static LocalDate from;
    static LocalDate to;
    static long ownRule;
    static long ownBudget;
    static long otherBudget;
    static String ownQuery;
    static String otherQuery;
    /** What the team member must never see: the other team's name, owner, figures and query ids. */
    static final Set<String> secrets = new LinkedHashSet<>();

    @Inject
    DemoSnowflakeLoader loader;

    record Case(String name, String method, String path, String contentType, String body, Set<String> allowed,
            boolean otherTeam, int expected) {
    }

    @BeforeEach
    void seed() throws Exception {
        if (seeded) {
            return;
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        SnowflakeAccountGenerator.Spec spec = new SnowflakeAccountGenerator.Spec(4242, today.minusDays(5), 3, 3,
                2_000);
        assertThat(loader.load(SOURCE, "sec_sf", spec).status()).isEqualTo("SUCCEEDED");
        month = YearMonth.from(spec.start().plusDays(1));
        from = month.atDay(1);
        to = month.plusMonths(1).atDay(1);
        String admin = token("admin", List.of());
        ownRule = ((Number) as(admin).contentType("application/json").body(Map.of("position", 1, "effectiveFrom",
                spec.start().toString(), "match", Map.of("source", SOURCE, "queryTagKey", "team", "queryTagValue",
                        "finance"), "team", OWN, "workload", "w-alpha")).post("/api/v1/rules").then()
                .statusCode(201).extract().path("id")).longValue();
        as(admin).contentType("application/json").body(Map.of("position", 2, "effectiveFrom",
                spec.start().toString(), "match", Map.of("source", SOURCE, "queryTagKey", "team", "queryTagValue",
                        "growth"), "team", OTHER, "workload", "w-beta")).post("/api/v1/rules").then().statusCode(201);
        for (YearMonth m : new LinkedHashSet<>(List.of(YearMonth.from(spec.start()),
                YearMonth.from(spec.start().plusDays(spec.days() - 1))))) {
            as(admin).contentType("application/json").body(Map.of("month", m.toString(), "source", SOURCE))
                    .post("/api/v1/allocations/runs").then().statusCode(201);
        }
        as(admin).contentType("application/json").body(Map.of("name", OWN, "owners", List.of("alpha-owner@example.com"),
                "costCenter", "CC-A1")).post("/api/v1/teams").then().statusCode(201);
        as(admin).contentType("application/json").body(Map.of("name", OTHER, "owners", List.of(OTHER_OWNER),
                "costCenter", "CC-B2")).post("/api/v1/teams").then().statusCode(201);
        ownBudget = budget(admin, OWN, OWN_BUDGET);
        otherBudget = budget(admin, OTHER, OTHER_BUDGET);

        // the other team's figures, as the admin sees them
        secrets.add(OTHER);
        secrets.add(OTHER_OWNER);
        secrets.add("CC-B2");
        secrets.add("w-beta");
        secrets.add(OTHER_BUDGET.toPlainString());
        JsonNode statement = json(as(admin).get("/api/v1/chargeback?month=" + month).then().statusCode(200)
                .extract().asString());
        boolean ownLine = false;
        for (JsonNode line : statement.path("lines")) {
            ownLine |= OWN.equals(line.path("team").asText());
            if (OTHER.equals(line.path("team").asText())) {
                line.fields().forEachRemaining(f -> figure(f.getValue()));
            }
        }
        assertThat(ownLine).as("the fixture gives the own team cost").isTrue();
        assertThat(statement.toString()).as("the fixture gives the other team cost").contains(OTHER);
        for (JsonNode row : json(as(admin).get("/api/v1/costs?from=" + from + "&to=" + to + "&groupBy=team,day")
                .then().statusCode(200).extract().asString()).path("rows")) {
            if (OTHER.equals(row.path("group").path("team").asText())) {
                figure(row.path("billedCost"));
            }
        }
        JsonNode others = json(as(admin).get("/api/v1/queries/top?from=" + from + "&to=" + to + "&team=" + OTHER
                + "&limit=20").then().statusCode(200).extract().asString());
        others.forEach(q -> {
            secrets.add(q.path("queryId").asText());
            figure(q.path("amount"));
        });
        otherQuery = others.get(0).path("queryId").asText();
        ownQuery = json(as(admin).get("/api/v1/queries/top?from=" + from + "&to=" + to + "&team=" + OWN
                + "&limit=1").then().statusCode(200).extract().asString()).get(0).path("queryId").asText();
        seeded = true;
    }

    /** Every endpoint of the API (README's table), with the roles that may call it. */
    static List<Case> cases() {
        String range = "from=" + from + "&to=" + to;
        String json = "application/json";
        List<Case> c = new ArrayList<>();
        // costs: everybody, a team member limited to its teams' allocated shares
        c.add(get("costs by team", "/api/v1/costs?" + range + "&groupBy=team", ALL, false, 200));
        c.add(get("costs by provider and source", "/api/v1/costs?" + range + "&groupBy=provider,source", ALL, false,
                200));
        c.add(get("costs by user and pattern", "/api/v1/costs?" + range + "&groupBy=user,queryPattern&filter=source:"
                + SOURCE, ALL, false, 200));
        c.add(get("costs by warehouse and category", "/api/v1/costs?" + range + "&groupBy=warehouse,category", ALL,
                false, 200));
        c.add(get("costs of the own team", "/api/v1/costs?" + range + "&groupBy=workload&filter=team:" + OWN, ALL,
                false, 200));
        c.add(get("costs of the other team", "/api/v1/costs?" + range + "&groupBy=workload&filter=team:" + OTHER,
                ALL, true, 200));
        // chargeback, its exports, explanations, top queries
        c.add(get("chargeback", "/api/v1/chargeback?month=" + month, ALL, false, 200));
        c.add(get("chargeback csv", "/api/v1/chargeback?month=" + month + "&format=csv", ALL, false, 200));
        c.add(get("chargeback focus", "/api/v1/chargeback?month=" + month + "&format=focus", ALL, false, 200));
        c.add(get("reconciliation", "/api/v1/reconciliation?month=" + month, FINOPS, false, 200));
        c.add(get("explain own team", "/api/v1/allocations/explain?team=" + OWN + "&month=" + month, ALL, false,
                200));
        c.add(get("explain other team", "/api/v1/allocations/explain?team=" + OTHER + "&month=" + month, ALL, true,
                200));
        c.add(get("explain own query", "/api/v1/allocations/explain?queryId=" + ownQuery, ALL, false, 200));
        c.add(get("explain other query", "/api/v1/allocations/explain?queryId=" + otherQuery, ALL, true, 200));
        c.add(get("top queries", "/api/v1/queries/top?" + range, ALL, false, 200));
        c.add(get("top patterns", "/api/v1/queries/top?" + range + "&groupBy=pattern&by=count", ALL, false, 200));
        c.add(get("top queries own team", "/api/v1/queries/top?" + range + "&team=" + OWN, ALL, false, 200));
        c.add(get("top queries other team", "/api/v1/queries/top?" + range + "&team=" + OTHER, ALL, true, 200));
        c.add(get("query patterns", "/api/v1/queries/patterns?source=" + SOURCE, STAFF, false, AS_ADMIN));
        // forecasts
        c.add(get("forecast own team", "/api/v1/forecasts?scope=team:" + OWN, ALL, false, AS_ADMIN));
        c.add(get("forecast own workload", "/api/v1/forecasts?scope=workload:" + OWN + "/w-alpha", ALL, false,
                AS_ADMIN));
        c.add(get("forecast other team", "/api/v1/forecasts?scope=team:" + OTHER, ALL, true, AS_ADMIN));
        c.add(get("forecast total", "/api/v1/forecasts?scope=total", STAFF, false, AS_ADMIN));
        c.add(get("forecast source", "/api/v1/forecasts?scope=source:" + SOURCE, STAFF, false, AS_ADMIN));
        c.add(get("accuracy own team", "/api/v1/forecasts/accuracy?scope=team:" + OWN, ALL, false, AS_ADMIN));
        c.add(get("accuracy other team", "/api/v1/forecasts/accuracy?scope=team:" + OTHER, ALL, true, AS_ADMIN));
        c.add(send("forecast run", "POST", "/api/v1/forecasts/runs", json, "{\"scopes\":[\"galaxy:x\"]}", FINOPS,
                400));
        c.add(get("anomalies", "/api/v1/anomalies?" + range, ALL, false, 200));
        c.add(get("anomalies other team", "/api/v1/anomalies?" + range + "&scope=team:" + OTHER, ALL, true, 200));
        // budgets and alerts
        c.add(get("budgets", "/api/v1/budgets", ALL, false, 200));
        c.add(get("own budget", "/api/v1/budgets/" + ownBudget, ALL, false, 200));
        c.add(get("other budget", "/api/v1/budgets/" + otherBudget, ALL, true, 200));
        c.add(send("add budget", "POST", "/api/v1/budgets", json, "{}", FINOPS, 422));
        c.add(send("change budget", "PUT", "/api/v1/budgets/" + otherBudget, json, "{}", FINOPS, 422));
        c.add(send("delete budget", "DELETE", "/api/v1/budgets/999999", null, null, FINOPS, 404));
        c.add(send("evaluate budget", "POST", "/api/v1/budgets/999999/evaluations", json, "", FINOPS, 404));
        c.add(get("alerts", "/api/v1/alerts", ALL, false, 200));
        // teams
        c.add(get("teams", "/api/v1/teams", ALL, false, 200));
        c.add(get("own team", "/api/v1/teams/" + OWN, ALL, false, 200));
        c.add(get("other team", "/api/v1/teams/" + OTHER, ALL, true, 200));
        c.add(send("add team", "POST", "/api/v1/teams", json, "{}", ADMIN, 422));
        c.add(send("change team", "PUT", "/api/v1/teams/no-such-team", json, "{\"owners\":[]}", ADMIN,
                AS_ADMIN));
        c.add(send("delete team", "DELETE", "/api/v1/teams/no-such-team", null, null, ADMIN, 404));
        c.add(send("add workload", "POST", "/api/v1/teams/no-such-team/workloads", json, "{\"name\":\"w\"}", ADMIN,
                404));
        c.add(send("remove workload", "DELETE", "/api/v1/teams/no-such-team/workloads/w", null, null, ADMIN, 404));
        // rules and policies
        c.add(get("rules", "/api/v1/rules", STAFF, false, 200));
        c.add(get("rule versions", "/api/v1/rules/" + ownRule, STAFF, false, 200));
        c.add(send("rule preview", "POST", "/api/v1/rules/preview", json, "{\"month\":\"" + month + "\",\"source\":\""
                + SOURCE + "\",\"id\":" + ownRule + ",\"end\":true}", STAFF, 200));
        c.add(send("add rule", "POST", "/api/v1/rules", json, "{}", ADMIN, 422));
        c.add(send("change rule", "PUT", "/api/v1/rules/" + ownRule, json, "{}", ADMIN, 422));
        c.add(send("end rule", "DELETE", "/api/v1/rules/999999", null, null, ADMIN, 404));
        c.add(get("shared policies", "/api/v1/policies/shared", STAFF, false, 200));
        c.add(send("add shared policy", "POST", "/api/v1/policies/shared", json, "{}", ADMIN, 422));
        c.add(send("remove shared policy", "DELETE", "/api/v1/policies/shared/999999", null, null, ADMIN, 404));
        c.add(get("idle policies", "/api/v1/policies/idle", STAFF, false, 200));
        c.add(send("set idle policies", "PUT", "/api/v1/policies/idle", json, "{\"X_WH\":\"NEVER\"}", ADMIN,
                AS_ADMIN));
        c.add(send("allocation run", "POST", "/api/v1/allocations/runs", json, "{\"month\":\"not-a-month\"}", ADMIN,
                400));
        // recommendations and warehouses
        c.add(get("recommendations", "/api/v1/recommendations", STAFF, false, 200));
        c.add(get("recommendation", "/api/v1/recommendations/999999", STAFF, false, 404));
        c.add(send("recommendation status", "POST", "/api/v1/recommendations/999999/status", json,
                "{\"status\":\"ACCEPTED\"}", ENGINEERING, 404));
        c.add(send("recommendations refresh", "POST", "/api/v1/recommendations/refresh?source=no-such-source", json,
                "", ENGINEERING, AS_ADMIN));
        c.add(get("auto-suspend curve", "/api/v1/warehouses/" + SOURCE + "/NO_SUCH_WH/auto-suspend", STAFF, false,
                AS_ADMIN));
        c.add(get("redshift utilisation", "/api/v1/redshift/no-such-source/no-such-cluster/utilisation", STAFF, false,
                AS_ADMIN));
        c.add(get("bigquery capacity", "/api/v1/bigquery/no-such-project/capacity", STAFF, false, AS_ADMIN));
        // sources and imports
        c.add(get("sources", "/api/v1/sources", STAFF, false, 200));
        c.add(get("source", "/api/v1/sources/" + SOURCE, STAFF, false, 200));
        c.add(send("source run", "POST", "/api/v1/sources/no-such-source/runs", json, "", ADMIN, 404));
        c.add(get("imports", "/api/v1/imports", STAFF, false, 200));
        c.add(get("import", "/api/v1/imports/999999", STAFF, false, 404));
        c.add(send("import focus", "POST", "/api/v1/imports/focus?source=sec-import", "text/csv", "a,b\n1,2\n",
                ADMIN, 422));
        c.add(send("import focus form", "POST", "/api/v1/imports/focus?source=sec-import", "multipart/form-data",
                null, ADMIN, 400));
        c.add(send("import cur", "POST", "/api/v1/imports/cur?source=sec-import", "text/csv", "a,b\n1,2\n", ADMIN,
                422));
        c.add(send("import cur form", "POST", "/api/v1/imports/cur?source=sec-import", "multipart/form-data", null,
                ADMIN, 400));
        // the dashboard's pages: a team member opens the overview, the statement (and drills into its own team and
        // its own queries) and the budgets, each showing only its teams; the other pages are for staff
        c.add(get("page overview", "/ui", ALL, false, 200));
        c.add(get("page chargeback", "/ui/chargeback?month=" + month, ALL, false, 200));
        c.add(get("page drill", "/ui/chargeback/drill?month=" + month + "&team=" + OWN, ALL, false, 200));
        c.add(get("page query", "/ui/queries/" + ownQuery, ALL, false, 200));
        c.add(get("page budgets", "/ui/budgets?month=" + month, ALL, false, 200));
        c.add(get("page warehouses", "/ui/warehouses", STAFF, false, 200));
        c.add(get("page recommendations", "/ui/recommendations", STAFF, false, 200));
        c.add(get("page rules", "/ui/rules?month=" + month, STAFF, false, 200));
        return c;
    }

    @Test
    void everyEndpointTimesEveryRoleAndTeam() {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("admin", token("admin", List.of()));
        callers.put("finops", token("finops", List.of()));
        callers.put("engineer", token("engineer", List.of()));
        callers.put("team", token("team", List.of(OWN)));
        callers.put("no role", token(null, List.of(OWN)));
        callers.put("no token", null);
        SoftAssertions soft = new SoftAssertions();
        int requests = 0;
        List<Case> cases = cases();
        for (Case c : cases) {
            int adminStatus = -1;
            for (Map.Entry<String, String> caller : callers.entrySet()) {
                String who = caller.getKey();
                Response r = call(caller.getValue(), c);
                requests++;
                int status = r.statusCode();
                String body = r.asString();
                String what = c.name() + " as " + who + " (" + c.method() + " " + c.path() + ")";
                if (who.equals("admin")) {
                    adminStatus = status;
                }
                int expected;
                if (who.equals("no token")) {
                    expected = 401;
                } else if (!c.allowed().contains(who) || who.equals("no role")
                        || (who.equals("team") && c.otherTeam())) {
                    expected = 403;
                } else {
                    expected = c.expected() == AS_ADMIN ? adminStatus : c.expected();
                }
                soft.assertThat(status).as(what + ": " + abbreviate(body)).isEqualTo(expected);
                if (who.equals("admin") && c.expected() == AS_ADMIN) {
                    System.out.printf("ACCESS MATRIX: %s answers the admin %d%n", c.name(), status);
                    soft.assertThat(status).as(what + " is answered: " + abbreviate(body)).isNotIn(401, 403)
                            .isLessThan(500);
                }
                if (expected == 401 || expected == 403) {
                    // the pages answer refusals as pages, the API as problems
                    soft.assertThat(r.contentType()).as(what).startsWith(c.path().startsWith("/ui")
                            ? "text/html" : "application/problem+json");
                }
                if (!who.equals("admin") && !who.equals("finops") && !who.equals("engineer")) {
                    for (String secret : secrets) {
                        soft.assertThat(Pattern.compile("(?<![0-9A-Za-z._-])" + Pattern.quote(secret)
                                + "(?![0-9A-Za-z_-])").matcher(body).find())
                                .as(what + " reveals the other team's '" + secret + "'").isFalse();
                    }
                }
                soft.assertThat(r.getHeader(AccessControl.MODE_HEADER)).as(what).isNull();
            }
        }
        System.out.printf("ACCESS MATRIX: %d endpoint cases x %d callers = %d requests, %d secrets checked%n",
                cases.size(), callers.size(), requests, secrets.size());
        soft.assertAll();
    }

    @Test
    void aTeamMemberSeesExactlyItsOwnTeamsFigures() throws Exception {
        String team = token("team", List.of(OWN));
        String admin = token("admin", List.of());
        String range = "from=" + from + "&to=" + to;
        // costs: only the own team's rows, and the same sums the admin sees for that team
        JsonNode mine = json(as(team).get("/api/v1/costs?" + range + "&groupBy=team").then().statusCode(200)
                .extract().asString());
        assertThat(mine.path("rows")).isNotEmpty().allSatisfy(r -> assertThat(r.path("group").path("team").asText())
                .isEqualTo(OWN));
        JsonNode adminView = json(as(admin).get("/api/v1/costs?" + range + "&groupBy=team&filter=team:" + OWN)
                .then().statusCode(200).extract().asString());
        assertThat(mine.path("totals")).isEqualTo(adminView.path("totals"));
        // grouped by a charge dimension, the sums are still the own team's shares only
        JsonNode byProvider = json(as(team).get("/api/v1/costs?" + range + "&groupBy=provider").then()
                .statusCode(200).extract().asString());
        assertThat(byProvider.path("totals")).isEqualTo(adminView.path("totals"));
        // chargeback: the own line only, no idle, unallocated or bill rows
        JsonNode statement = json(as(team).get("/api/v1/chargeback?month=" + month).then().statusCode(200).extract()
                .asString());
        assertThat(statement.path("lines")).isNotEmpty().allSatisfy(l -> assertThat(l.path("team").asText())
                .isEqualTo(OWN));
        assertThat(statement.path("totals")).isEmpty();
        String csv = as(team).get("/api/v1/chargeback?month=" + month + "&format=csv").then().statusCode(200)
                .extract().asString();
        assertThat(csv.lines().skip(1)).isNotEmpty().allSatisfy(l -> assertThat(l).contains("," + OWN + ","));
        String focus = as(team).get("/api/v1/chargeback?month=" + month + "&format=focus").then().statusCode(200)
                .extract().asString();
        assertThat(focus.lines().skip(1)).isNotEmpty().allSatisfy(l -> assertThat(l).contains("," + OWN + ","));
        // top queries and budgets and teams: the own team's only
        JsonNode top = json(as(team).get("/api/v1/queries/top?" + range + "&limit=500").then().statusCode(200)
                .extract().asString());
        assertThat(top).isNotEmpty().allSatisfy(q -> assertThat(q.path("team").asText()).isEqualTo(OWN));
        JsonNode budgets = json(as(team).get("/api/v1/budgets").then().statusCode(200).extract().asString());
        assertThat(budgets).hasSize(1);
        assertThat(budgets.get(0).path("scopeValue").asText()).isEqualTo(OWN);
        JsonNode teams = json(as(team).get("/api/v1/teams").then().statusCode(200).extract().asString());
        assertThat(teams).hasSize(1);
        // a member of both teams sees both
        JsonNode both = json(as(token("team", List.of(OWN, OTHER))).get("/api/v1/costs?" + range + "&groupBy=team")
                .then().statusCode(200).extract().asString());
        assertThat(both.findValuesAsText("team")).contains(OWN, OTHER);
        // a team member with no teams in its token sees nothing, and is told so when it asks for a team
        String none = token("team", List.of());
        assertThat(json(as(none).get("/api/v1/costs?" + range + "&groupBy=team").then().statusCode(200).extract()
                .asString()).path("rows")).isEmpty();
        as(none).get("/api/v1/teams/" + OWN).then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void aTeamMemberCannotOpenTheOtherTeamsPages() {
        String team = token("team", List.of(OWN));
        for (String page : List.of("/ui/chargeback/drill?month=" + month + "&team=" + OTHER,
                "/ui/queries/" + otherQuery)) {
            Response r = as(team).get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(404);
            assertThat(r.contentType()).as(page).startsWith("text/html");
            for (String secret : secrets) {
                if (!secret.equals(OTHER) && !secret.equals(otherQuery)) { // the page names what was asked for
                    assertThat(r.asString()).as(page + " reveals " + secret).doesNotContain(secret);
                }
            }
        }
        // the admin opens the same pages
        String admin = token("admin", List.of());
        as(admin).get("/ui/chargeback/drill?month=" + month + "&team=" + OTHER).then().statusCode(200);
        as(admin).get("/ui/queries/" + otherQuery).then().statusCode(200);
    }

    @Test
    void tokensAreVerifiedAndRefusalsAreProblems() throws Exception {
        // no token: 401 with a Bearer challenge
        given().get("/api/v1/costs").then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .contentType("application/problem+json");
        // signed by another key, expired, or from another issuer: 401, and the token is not echoed
        var other = KeyPairGenerator.getInstance("RSA");
        other.initialize(2048);
        String forged = Jwt.issuer(JwtProfile.ISSUER).upn("mallory").groups(Set.of("admin")).expiresIn(600)
                .sign(other.generateKeyPair().getPrivate());
        String expired = Jwt.issuer(JwtProfile.ISSUER).upn("late").groups(Set.of("admin"))
                .issuedAt(java.time.Instant.now().minusSeconds(7200))
                .expiresAt(java.time.Instant.now().minusSeconds(3600)).sign(TestSigningKey.privateKey());
        String foreign = Jwt.issuer("https://elsewhere.example").upn("x").groups(Set.of("admin")).expiresIn(600)
                .sign(TestSigningKey.privateKey());
        for (String bad : List.of(forged, expired, foreign, "not-a-jwt")) {
            String body = as(bad).get("/api/v1/costs").then().statusCode(401)
                    .contentType("application/problem+json").extract().asString();
            assertThat(body).doesNotContain(bad);
        }
        // health is open; the API documentation and metrics are not
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(401);
        given().get("/q/metrics").then().statusCode(401);
        as(token("team", List.of(OWN))).get("/q/openapi?format=json").then().statusCode(200);
    }

    // ---- helpers

    static Case get(String name, String path, Set<String> allowed, boolean otherTeam, int expected) {
        return new Case(name, "GET", path, null, null, allowed, otherTeam, expected);
    }

    static Case send(String name, String method, String path, String contentType, String body, Set<String> allowed,
            int expected) {
        return new Case(name, method, path, contentType, body, allowed, false, expected);
    }

    static Response call(String token, Case c) {
        RequestSpecification r = token == null ? given() : as(token);
        if (c.contentType() != null) {
            r = r.contentType(c.contentType());
        }
        if ("multipart/form-data".equals(c.contentType())) {
            r = r.multiPart("other", "x");
        } else if (c.body() != null) {
            r = r.body(c.body());
        }
        return r.request(c.method(), c.path());
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** A token for {@code role} (none when null) naming {@code teams}, signed with the test key. */
    static String token(String role, List<String> teams) {
        return Jwt.issuer(JwtProfile.ISSUER).upn((role == null ? "nobody" : role) + "@example.com")
                .groups(role == null ? Set.of() : Set.of(role)).claim("teams", teams).expiresIn(600)
                .sign(TestSigningKey.privateKey());
    }

    static long budget(String admin, String team, BigDecimal amount) {
        return ((Number) as(admin).contentType("application/json").body(Map.of("name", team + " monthly", "scope",
                "TEAM", "scopeValue", team, "amount", amount, "currency", "USD", "recipients",
                List.of(team + "-lead@example.com"))).post("/api/v1/budgets").then().statusCode(201).extract()
                .path("id")).longValue();
    }

    /** Keeps a figure as a secret when it is specific enough to be told from others (five digits or more). */
    static void figure(JsonNode value) {
        if (value.isNumber() || value.isTextual()) {
            String text = value.isNumber() ? value.decimalValue().toPlainString() : value.asText();
            if (text.replaceAll("[^0-9]", "").replaceFirst("^0+", "").length() >= 5 && text.matches("-?[0-9.]+")) {
                secrets.add(text);
            }
        }
    }

    static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }

    static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
