package io.ledgerhouse.security.fakes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OpenID Connect provider inside the test JVM (JDK HTTP server on a free port), enough for the authorization-code
 * flow with PKCE and for bearer tokens: discovery, a JWKS, an authorization endpoint, a token endpoint and an
 * end-session endpoint. Its signing key is generated when it starts (no key is committed).
 *
 * <p>The authorization endpoint has no login form: it signs in whoever the test chose with {@link #signInAs} and
 * redirects straight back with a code. The token endpoint checks what a real provider checks — the client id and
 * secret, that the code is one it issued (once), to the same redirect URI, and the PKCE verifier — and answers with an
 * ID token (carrying the request's nonce) and an access token, both with the user's {@code groups} and {@code teams}.
 * A test can make the next answer carry a tampered or an expired ID token ({@link #nextIdToken}).
 */
public final class FakeOidcProvider implements AutoCloseable {

    /** A person who can sign in: the name (the tokens' {@code upn}), roles and teams. */
    public record User(String name, Set<String> groups, List<String> teams) {
    }

    /** What the next token answer's ID token is like. */
    public enum IdToken { GOOD, TAMPERED, EXPIRED }

    private record Grant(User user, String nonce, String redirectUri, String challenge) {
    }

    public static final String KEY_ID = "fake-oidc-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final KeyPair keys;
    private final String clientId;
    private final String clientSecret;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final AtomicReference<User> next = new AtomicReference<>();
    private final AtomicReference<IdToken> nextIdToken = new AtomicReference<>(IdToken.GOOD);
    /** Every request's method and path with its query, in order (for the tests to assert what was asked). */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** The query of the last authorization request and of the last end-session request. */
    public final AtomicReference<Map<String, String>> lastAuthorization = new AtomicReference<>(Map.of());
    public final AtomicReference<Map<String, String>> lastEndSession = new AtomicReference<>(Map.of());
    /** Token requests refused, with the reason (a test asserts none was refused in the good flow). */
    public final List<String> refusals = new CopyOnWriteArrayList<>();

    public FakeOidcProvider(String clientId, String clientSecret) throws IOException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            this.keys = g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The issuer, which is also the base URL (the {@code quarkus.oidc.auth-server-url}). */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next authorization request signs in {@code user}. */
    public void signInAs(User user) {
        next.set(user);
    }

    /** The next token answer's ID token (afterwards they are good again). */
    public void nextIdToken(IdToken kind) {
        nextIdToken.set(kind);
    }

    /** An access token for {@code user}, as a client of this provider would get one (for the API's bearer calls). */
    public String accessToken(User user) {
        return claims(user, Instant.now(), Instant.now().plusSeconds(600)).jws().keyId(KEY_ID)
                .sign(keys.getPrivate());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            URI uri = x.getRequestURI();
            requests.add(x.getRequestMethod() + " " + uri);
            Map<String, String> query = form(uri.getRawQuery());
            switch (uri.getPath()) {
                case "/.well-known/openid-configuration" -> json(x, 200, discovery());
                case "/jwks" -> json(x, 200, jwks());
                case "/authorize" -> authorize(x, query);
                case "/token" -> token(x, form(new String(x.getRequestBody().readAllBytes(),
                        StandardCharsets.UTF_8)));
                case "/logout" -> endSession(x, query);
                default -> text(x, 404, "no such endpoint");
            }
        }
    }

    private Map<String, Object> discovery() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", issuer());
        d.put("authorization_endpoint", issuer() + "/authorize");
        d.put("token_endpoint", issuer() + "/token");
        d.put("jwks_uri", issuer() + "/jwks");
        d.put("end_session_endpoint", issuer() + "/logout");
        d.put("response_types_supported", List.of("code"));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        d.put("code_challenge_methods_supported", List.of("S256"));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        d.put("scopes_supported", List.of("openid", "profile"));
        return d;
    }

    private Map<String, Object> jwks() {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        return Map.of("keys", List.of(Map.of("kty", "RSA", "kid", KEY_ID, "use", "sig", "alg", "RS256",
                "n", base64Url(unsigned(key.getModulus().toByteArray())),
                "e", base64Url(unsigned(key.getPublicExponent().toByteArray())))));
    }

    /** Checks the request as a provider would, then signs in the chosen user and redirects back with a code. */
    private void authorize(HttpExchange x, Map<String, String> q) throws IOException {
        lastAuthorization.set(Map.copyOf(q));
        User user = next.get();
        String problem = !"code".equals(q.get("response_type")) ? "response_type must be code"
                : !clientId.equals(q.get("client_id")) ? "unknown client"
                : q.get("redirect_uri") == null ? "redirect_uri missing"
                : !q.getOrDefault("scope", "").contains("openid") ? "scope must include openid"
                : q.get("state") == null ? "state missing"
                : q.get("code_challenge") == null || !"S256".equals(q.get("code_challenge_method"))
                        ? "PKCE (S256) missing"
                : user == null ? "no user chosen (the test calls signInAs)" : null;
        if (problem != null) {
            text(x, 400, problem);
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(user, q.get("nonce"), q.get("redirect_uri"), q.get("code_challenge")));
        String back = q.get("redirect_uri") + (q.get("redirect_uri").contains("?") ? "&" : "?") + "code="
                + encode(code) + "&state=" + encode(q.get("state"));
        x.getResponseHeaders().add("Location", back);
        x.sendResponseHeaders(302, -1);
    }

    private void token(HttpExchange x, Map<String, String> f) throws IOException {
        String id = f.get("client_id");
        String secret = f.get("client_secret");
        String basic = x.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8)
                    .split(":", 2);
            id = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            secret = pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : null;
        }
        if (!clientId.equals(id) || !clientSecret.equals(secret)) {
            refuse(x, 401, "invalid_client", "client id or secret wrong");
            return;
        }
        Grant g = "authorization_code".equals(f.get("grant_type")) ? codes.remove(f.getOrDefault("code", "")) : null;
        if (g == null) {
            refuse(x, 400, "invalid_grant", "unknown, used or missing code");
            return;
        }
        if (!g.redirectUri().equals(f.get("redirect_uri"))) {
            refuse(x, 400, "invalid_grant", "redirect_uri differs from the authorization request's");
            return;
        }
        if (f.get("code_verifier") == null || !g.challenge().equals(s256(f.get("code_verifier")))) {
            refuse(x, 400, "invalid_grant", "PKCE verifier does not match");
            return;
        }
        Instant now = Instant.now();
        IdToken kind = nextIdToken.getAndSet(IdToken.GOOD);
        Instant issued = kind == IdToken.EXPIRED ? now.minusSeconds(7200) : now;
        JwtClaimsBuilder id1 = claims(g.user(), issued, kind == IdToken.EXPIRED ? now.minusSeconds(3600)
                : now.plusSeconds(600)).audience(clientId);
        if (g.nonce() != null) {
            id1.claim("nonce", g.nonce());
        }
        String idToken = id1.jws().keyId(KEY_ID).sign(keys.getPrivate());
        if (kind == IdToken.TAMPERED) {
            idToken = tamper(idToken);
        }
        json(x, 200, Map.of("access_token", accessToken(g.user()), "token_type", "Bearer", "expires_in", 600,
                "id_token", idToken, "scope", "openid"));
    }

    /** The end-session endpoint (RP-initiated logout): remembers what it was told, and sends the browser back. */
    private void endSession(HttpExchange x, Map<String, String> q) throws IOException {
        lastEndSession.set(Map.copyOf(q));
        String back = q.get("post_logout_redirect_uri");
        if (back == null) {
            text(x, 200, "signed out");
            return;
        }
        x.getResponseHeaders().add("Location", back);
        x.sendResponseHeaders(302, -1);
    }

    private JwtClaimsBuilder claims(User user, Instant issued, Instant expires) {
        return Jwt.issuer(issuer()).subject("sub-" + user.name()).upn(user.name())
                .claim("preferred_username", user.name()).groups(user.groups()).claim("teams", user.teams())
                .issuedAt(issued).expiresAt(expires);
    }

    /** The same token with its payload changed to claim the admin role; the signature no longer matches. */
    static String tamper(String jwt) {
        String[] parts = jwt.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"groups\":\\[[^]]*]", "\"groups\":[\"admin\"]");
        return parts[0] + "." + base64Url(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private void refuse(HttpExchange x, int status, String error, String why) throws IOException {
        refusals.add(error + ": " + why);
        json(x, status, Map.of("error", error, "error_description", why));
    }

    private static String s256(String verifier) {
        try {
            return base64Url(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(byte[] b) {
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String base64Url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Map<String, String> form(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void json(HttpExchange x, int status, Object body) throws IOException {
        byte[] b = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.getResponseHeaders().add("Cache-Control", "no-store");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    private static void text(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }
}
