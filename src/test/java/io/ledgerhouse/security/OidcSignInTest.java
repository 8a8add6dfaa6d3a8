package io.ledgerhouse.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.security.fakes.FakeOidcProvider;
import io.ledgerhouse.security.fakes.FakeOidcProvider.User;
import io.ledgerhouse.security.fakes.FakeOidcProviderResource;
import io.ledgerhouse.trial.DemoSnowflakeLoader;
import io.ledgerhouse.trial.engine.SnowflakeAccountGenerator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Signing in to the pages with OpenID Connect (oidc mode), against the fake provider in the test JVM, with a plain
 * HTTP client that keeps the cookies and follows every redirect by hand, so each step of the flow is asserted:
 *
 * <pre>
 *  browser                    Ledgerhouse                          provider (fake)
 *  GET /ui/chargeback  ──►  302 authorize?state,nonce,PKCE  ──►
 *                                                             ◄──  302 /ui?code&state
 *  GET /ui?code&state  ──►  POST /token (secret, verifier)  ──►    id_token, access_token
 *                      ◄──  302 /ui/chargeback + session cookie
 *  GET /ui/chargeback  ──►  200, the reader's name and teams
 *  POST /ui/sign-out   ──►  303 end-session?id_token_hint   ──►    302 signed-out page
 * </pre>
 *
 * <p>Fixture: a generated Snowflake account (source {@code oidc-sf}) whose finance-tagged queries go to team
 * {@code oidc-alpha} and growth-tagged ones to {@code oidc-beta}, seeded through the API with a bearer token from the
 * same provider.
 */
@QuarkusTest
@TestProfile(OidcProfile.class)
class OidcSignInTest {

    static final String SOURCE = "oidc-sf";
    static final String OWN = "oidc-alpha";
    static final String OTHER = "oidc-beta";
    static final User ADMIN = new User("ada@example.com", Set.of("admin"), List.of());
    static final User MEMBER = new User("tom@example.com", Set.of("team"), List.of(OWN));

    static boolean seeded;
    static YearMonth month;

    @TestHTTPResource("/")
    URL root;
    @Inject
    DemoSnowflakeLoader loader;

    FakeOidcProvider provider() {
        return FakeOidcProviderResource.provider();
    }

    @BeforeEach
    void seed() throws Exception {
        if (seeded) {
            return;
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        SnowflakeAccountGenerator.Spec spec = new SnowflakeAccountGenerator.Spec(5151, today.minusDays(5), 3, 3,
                1_000);
        assertThat(loader.load(SOURCE, "oidc_sf", spec).status()).isEqualTo("SUCCEEDED");
        month = YearMonth.from(spec.start().plusDays(1));
        String admin = provider().accessToken(ADMIN);
        int position = 1;
        for (Map.Entry<String, String> rule : Map.of("finance", OWN, "growth", OTHER).entrySet()) {
            given().auth().oauth2(admin).contentType("application/json").body(Map.of("position", position++,
                    "effectiveFrom", spec.start().toString(), "match", Map.of("source", SOURCE, "queryTagKey", "team",
                            "queryTagValue", rule.getKey()), "team", rule.getValue())).post("/api/v1/rules").then()
                    .statusCode(201);
        }
        for (YearMonth m : new LinkedHashSet<>(List.of(YearMonth.from(spec.start()),
                YearMonth.from(spec.start().plusDays(spec.days() - 1))))) {
            given().auth().oauth2(admin).contentType("application/json").body(Map.of("month", m.toString(), "source",
                    SOURCE)).post("/api/v1/allocations/runs").then().statusCode(201);
        }
        seeded = true;
    }

    @Test
    void aBrowserSignsInSeesItsTeamsAndSignsOut() throws Exception {
        Browser browser = new Browser();
        provider().signInAs(MEMBER);
        String page = "/ui/chargeback?month=" + month;

        // 1. no session: the page sends the browser to the provider, with state, nonce, PKCE and one redirect URI
        HttpResponse<String> first = browser.get(page);
        assertThat(first.statusCode()).isEqualTo(302);
        URI authorize = URI.create(first.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.toString()).startsWith(provider().issuer() + "/authorize?");
        Map<String, String> q = query(authorize);
        assertThat(q).containsEntry("response_type", "code").containsEntry("client_id",
                FakeOidcProviderResource.CLIENT_ID).containsEntry("redirect_uri", url("/ui"))
                .containsEntry("code_challenge_method", "S256").containsKeys("state", "nonce", "code_challenge");
        assertThat(q.get("scope")).contains("openid");
        assertThat(browser.cookies.keySet()).as("the state cookie").anyMatch(c -> c.startsWith("q_auth"));

        // 2. the provider signs the user in and sends the browser back with a code
        HttpResponse<String> back = browser.get(authorize);
        assertThat(back.statusCode()).isEqualTo(302);
        String callback = back.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(url("/ui") + "?code=");

        // 3. Ledgerhouse exchanges the code (client secret, PKCE verifier) and opens a session
        HttpResponse<String> session = browser.get(URI.create(callback));
        assertThat(session.statusCode()).as(session.body()).isEqualTo(302);
        assertThat(provider().refusals).as("token requests the provider refused").isEmpty();
        assertThat(browser.cookies).containsKey("q_session");
        assertThat(browser.setCookies).anyMatch(c -> c.startsWith("q_session=")
                && c.toLowerCase().contains("httponly") && c.toLowerCase().contains("samesite=lax"));
        assertThat(session.headers().firstValue("Location").orElseThrow()).endsWith(page);

        // 4. the page, as the signed-in team member: its name, a way to sign out, its team and not the other's
        HttpResponse<String> statement = browser.get(page);
        assertThat(statement.statusCode()).isEqualTo(200);
        assertThat(statement.body()).contains(MEMBER.name()).contains("action=\"/ui/sign-out\"").contains(OWN)
                .doesNotContain(OTHER);
        // the other team's drill answers the page's refusal (as for bearer callers: not among the reader's teams),
        // and a page for staff answers the HTML 403 page
        HttpResponse<String> drill = browser.get("/ui/chargeback/drill?month=" + month + "&team=" + OTHER);
        assertThat(drill.statusCode()).isEqualTo(404);
        assertThat(drill.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        HttpResponse<String> warehouses = browser.get("/ui/warehouses");
        assertThat(warehouses.statusCode()).isEqualTo(403);
        assertThat(warehouses.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(warehouses.body()).contains("Not for your role").contains(MEMBER.name());

        // 5. the API is not the pages: without a token a 401 problem and no redirect, with the provider's token 200
        HttpResponse<String> anonymous = new Browser().get("/api/v1/teams");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(anonymous.headers().firstValue("Location")).isEmpty();
        given().auth().oauth2(provider().accessToken(MEMBER)).get("/api/v1/teams").then().statusCode(200);
        // a page opened with a bearer token works too, but has no session to sign out of
        String withToken = given().auth().oauth2(provider().accessToken(MEMBER)).get("/ui").then().statusCode(200)
                .extract().asString();
        assertThat(withToken).contains(MEMBER.name()).doesNotContain("action=\"/ui/sign-out\"");
        given().auth().oauth2(provider().accessToken(MEMBER)).post("/ui/sign-out").then().statusCode(404)
                .contentType("text/html");
        given().auth().oauth2(provider().accessToken(ADMIN)).get("/api/v1/chargeback?month=" + month).then()
                .statusCode(200);
        // metrics are for Prometheus: a bearer token (any signed-in caller), and without one a 401, not a redirect
        HttpResponse<String> metrics = new Browser().get("/q/metrics");
        assertThat(metrics.statusCode()).isEqualTo(401);
        assertThat(metrics.headers().firstValue("Location")).isEmpty();
        given().auth().oauth2(provider().accessToken(new User("prometheus", Set.of(), List.of()))).get("/q/metrics")
                .then().statusCode(200);

        // 6. signing out ends the session here and at the provider (RP-initiated logout), then the signed-out page
        HttpResponse<String> out = browser.post("/ui/sign-out");
        assertThat(out.statusCode()).isEqualTo(303);
        URI endSession = URI.create(out.headers().firstValue("Location").orElseThrow());
        assertThat(endSession.toString()).startsWith(provider().issuer() + "/logout?");
        assertThat(query(endSession)).containsEntry("post_logout_redirect_uri", url("/ui-assets/signed-out.html"))
                .containsKey("id_token_hint");
        assertThat(browser.cookies).doesNotContainKey("q_session");
        HttpResponse<String> signedOut = browser.get(endSession);
        assertThat(signedOut.headers().firstValue("Location")).contains(url("/ui-assets/signed-out.html"));
        assertThat(browser.get("/ui-assets/signed-out.html").statusCode()).as("needs no session").isEqualTo(200);
        HttpResponse<String> again = browser.get("/ui");
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(again.headers().firstValue("Location").orElseThrow()).startsWith(provider().issuer());
    }

    @Test
    void anAdministratorSeesEveryTeam() throws Exception {
        Browser browser = new Browser();
        provider().signInAs(ADMIN);
        HttpResponse<String> statement = browser.signIn("/ui/chargeback?month=" + month);
        assertThat(statement.statusCode()).isEqualTo(200);
        assertThat(statement.body()).contains(ADMIN.name()).contains(OWN).contains(OTHER);
        assertThat(browser.get("/ui/warehouses").statusCode()).isEqualTo(200);
        // the API documentation opens with the session too (Swagger UI in the same browser); without one, sign in
        assertThat(browser.get("/q/openapi").statusCode()).isEqualTo(200);
        assertThat(new Browser().get("/q/openapi").headers().firstValue("Location").orElseThrow())
                .startsWith(provider().issuer() + "/authorize?");
        // the pages' actions post to the API with the session; the header says they come from the pages
        assertThat(browser.post("/api/v1/recommendations/999999/status", Map.of("X-Ledgerhouse-Page", "1"))
                .statusCode()).as("authenticated by the session, then not found").isEqualTo(404);
        HttpResponse<String> forged = browser.post("/api/v1/recommendations/999999/status", Map.of());
        assertThat(forged.statusCode()).as("a write with the cookie alone (another site's form)").isEqualTo(403);
        assertThat(forged.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }

    @Test
    void aWrongStateATamperedOrAnExpiredIdTokenOpenNoSession() throws Exception {
        // a callback whose state is not the one the browser's state cookie holds
        Browser wrongState = new Browser();
        provider().signInAs(ADMIN);
        URI authorize = URI.create(wrongState.get("/ui").headers().firstValue("Location").orElseThrow());
        String callback = wrongState.get(authorize).headers().firstValue("Location").orElseThrow();
        long redeemed = tokenRequests();
        HttpResponse<String> refused = wrongState.get(URI.create(callback.replaceFirst("state=[^&]+",
                "state=forged")));
        // no state cookie matches, so the code is not redeemed: the browser is sent to sign in afresh
        assertThat(refused.statusCode()).isIn(302, 401);
        if (refused.statusCode() == 302) {
            assertThat(refused.headers().firstValue("Location").orElseThrow()).startsWith(provider().issuer()
                    + "/authorize?");
        }
        assertThat(wrongState.cookies).doesNotContainKey("q_session");
        assertThat(tokenRequests()).as("the forged callback's code is never redeemed").isEqualTo(redeemed);

        for (FakeOidcProvider.IdToken bad : List.of(FakeOidcProvider.IdToken.TAMPERED,
                FakeOidcProvider.IdToken.EXPIRED)) {
            Browser browser = new Browser();
            provider().signInAs(MEMBER);
            provider().nextIdToken(bad);
            HttpResponse<String> end = browser.follow(browser.get("/ui"), 3);
            assertThat(end.statusCode()).as(bad.name()).isEqualTo(401);
            assertThat(browser.cookies).as(bad.name()).doesNotContainKey("q_session");
            assertThat(end.body()).as(bad.name()).doesNotContain("Overview");
        }
    }

    /**
     * The same sign-in in a real browser (headless Chromium, as in DashboardBrowserTest; skipped where it is not
     * installed): the provider's redirects, the cookies and the Sign out button as a person meets them.
     */
    @Test
    void aRealBrowserSignsInAndOut() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("LEDGERHOUSE_CHROMIUM", "/usr/bin/chromium"));
        Path driver = Path.of(System.getenv().getOrDefault("LEDGERHOUSE_CHROMEDRIVER", "/usr/bin/chromedriver"));
        Assumptions.assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(driver),
                "Browser sign-in skipped: Chromium or chromedriver is not installed");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,900");
        WebDriver chrome = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build(), options);
        try {
            WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(30));
            provider().signInAs(MEMBER);
            chrome.get(url("/ui/budgets?month=" + month));
            // provider → back to /ui → on to the page first asked for, signed in
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("header .reader"),
                    MEMBER.name()));
            assertThat(chrome.getCurrentUrl()).isEqualTo(url("/ui/budgets?month=" + month));
            assertThat(chrome.manage().getCookieNamed("q_session")).isNotNull();
            Files.createDirectories(Path.of("target", "screenshots"));
            Files.write(Path.of("target", "screenshots", "oidc-signed-in.png"),
                    ((TakesScreenshot) chrome).getScreenshotAs(OutputType.BYTES));
            chrome.findElement(By.cssSelector("form.sign-out button")).click();
            wait.until(ExpectedConditions.urlToBe(url("/ui-assets/signed-out.html")));
            assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("Signed out");
            assertThat(chrome.manage().getCookieNamed("q_session")).isNull();
            Files.write(Path.of("target", "screenshots", "oidc-signed-out.png"),
                    ((TakesScreenshot) chrome).getScreenshotAs(OutputType.BYTES));
        } finally {
            chrome.quit();
        }
    }

    long tokenRequests() {
        return provider().requests.stream().filter(r -> r.startsWith("POST /token")).count();
    }

    // ---- a browser without a browser: a cookie jar and redirects followed by hand

    String url(String path) {
        return root.toString().replaceFirst("/$", "") + path;
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    class Browser {
        final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        /** Cookies of Ledgerhouse's origin (the provider sets none). */
        final Map<String, String> cookies = new LinkedHashMap<>();
        final List<String> setCookies = new java.util.ArrayList<>();

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return get(URI.create(url(path)));
        }

        HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(uri).GET(), uri);
        }

        HttpResponse<String> post(String path) throws IOException, InterruptedException {
            return post(path, Map.of());
        }

        HttpResponse<String> post(String path, Map<String, String> headers) throws IOException,
                InterruptedException {
            URI uri = URI.create(url(path));
            HttpRequest.Builder r = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"ACCEPTED\"}"));
            headers.forEach(r::header);
            return send(r, uri);
        }

        /** Follows up to {@code hops} redirects, returning the first answer that is not one. */
        HttpResponse<String> follow(HttpResponse<String> r, int hops) throws IOException, InterruptedException {
            for (int i = 0; i < hops && r.statusCode() / 100 == 3; i++) {
                r = get(r.uri().resolve(r.headers().firstValue("Location").orElseThrow()));
            }
            return r;
        }

        /** The whole sign-in, ending on {@code path} opened with the session. */
        HttpResponse<String> signIn(String path) throws IOException, InterruptedException {
            HttpResponse<String> r = follow(get(path), 4);
            assertThat(cookies).containsKey("q_session");
            return r;
        }

        private HttpResponse<String> send(HttpRequest.Builder r, URI uri) throws IOException, InterruptedException {
            boolean ours = uri.toString().startsWith(url(""));
            if (ours && !cookies.isEmpty()) {
                r.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "="
                        + e.getValue()).toList()));
            }
            HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            if (ours) {
                for (String c : response.headers().allValues("Set-Cookie")) {
                    setCookies.add(c);
                    String pair = c.split(";", 2)[0];
                    String name = pair.substring(0, pair.indexOf('='));
                    String lower = c.toLowerCase();
                    if (lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970")) {
                        cookies.remove(name);
                    } else {
                        cookies.put(name, pair.substring(pair.indexOf('=') + 1));
                    }
                }
            }
            return response;
        }
    }
}
