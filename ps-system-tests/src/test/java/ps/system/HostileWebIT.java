package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.NativeProtocol;

/**
 * Hostile use of the console and the REST API. The server starts without PS_ADMIN_PASSWORD, so the admin's
 * password is the generated one, read from its 0600 file. Every case ends with
 * {@link Hostile#assertStillWell(String)}: alive, ready, heap under the cap, another client's record acked
 * within a second, nothing acked lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileWebIT {
    /** HTTP/1.1, as curl and browsers on plain HTTP speak it (and no connection shared with a refused request's h2c state). */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** What an error body must never show: a Java class or a stack frame. */
    static final Pattern JAVA_NAMES = Pattern.compile("java\\.|jakarta\\.|Exception|\\bat [a-z]+\\.[a-z]|ps\\.[a-z]+\\.[A-Z]");
    /** The same on a console page (whose table has a column "Exception" and whose scripts are jakarta.faces.*). */
    static final Pattern PAGE_JAVA = Pattern.compile("java\\.lang\\.|\\bat (ps|java|jakarta|org|com|fish)\\.[a-zA-Z]+\\.|[a-z]+\\.[a-z]+\\.[A-Za-z]*Exception");
    static final String VIEWER = "hostile-viewer";
    static final String VIEWER_PASSWORD = "viewer-password-1";
    static Hostile ps;
    static String adminPassword;

    @BeforeAll
    static void start() throws Exception {
        // no admin password given: the first start makes one (the search budget is short, to reach it on a small table)
        ps = Hostile.start("web", Map.of("PS_ADMIN_PASSWORD", "", "PS_SEARCH_BUDGET_MS", "5"));
        adminPassword = Files.readString(ps.dataDir().resolve("admin-password.txt")).strip();
        HttpResponse<String> created = send("POST", "/api/users", admin(), "application/json",
                "{\"name\":\"" + VIEWER + "\",\"role\":\"viewer\",\"password\":\"" + VIEWER_PASSWORD + "\"}");
        assertEquals(201, created.statusCode(), created.body());
    }

    @AfterAll
    static void stop() throws Exception {
        if (ps != null) {
            ps.close();
        }
    }

    @BeforeEach
    void mark() throws Exception {
        ps.mark();
    }

    static String admin() {
        return PsServer.basic("admin", adminPassword);
    }

    static String viewer() {
        return PsServer.basic(VIEWER, VIEWER_PASSWORD);
    }

    static HttpResponse<String> get(String path, String authorization) throws Exception {
        return send("GET", path, authorization, null, null);
    }

    static HttpResponse<String> send(String method, String path, String authorization, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(ps.server.uri(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A 400 whose JSON error names the parameter and shows no Java. */
    static void assertRefusedNaming(String parameter, HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.uri() + ": " + response.body());
        String error = Json.createReader(new StringReader(response.body())).readObject().getString("error");
        assertTrue(error.contains("parameter " + parameter), response.uri() + ": " + error);
        assertFalse(JAVA_NAMES.matcher(response.body()).find(), "no Java in the error: " + response.body());
    }

    @Test
    @Order(1)
    void theChartReproductionIsA400NamingTheParameter() throws Exception {
        long start = System.nanoTime();
        assertRefusedNaming("from", get("/api/charts/levels?from=9223372036254775807&to=9223372036854775807", viewer()));
        assertRefusedNaming("from", get("/api/charts/inputs?from=9223372036254775807&to=9223372036854775807", viewer()));
        assertRefusedNaming("to", get("/api/charts/levels?to=9223372036854775807", viewer()));
        // the widest range allowed still draws about 120 points, never millions
        HttpResponse<String> widest = get("/api/charts/levels?from=0&to=253402300799999", viewer());
        assertEquals(200, widest.statusCode(), widest.body());
        JsonObject chart = Json.createReader(new StringReader(widest.body())).readObject();
        assertTrue(chart.getJsonArray("labels").size() <= 121, "points: " + chart.getJsonArray("labels").size());
        assertRefusedNaming("bucket", get("/api/charts/levels?from=0&to=253402300799999&bucket=1", viewer()));
        assertTrue(System.nanoTime() - start < 30 * Hostile.SECOND_NANOS, "answered at once, not after minutes");
        ps.assertStillWell("chart of an absurd range");
    }

    @Test
    @Order(2)
    void aHugeOffsetIsRefusedAndTheCapIsAnswered() throws Exception {
        assertRefusedNaming("offset", get("/api/logs?offset=2147483647", viewer()));
        assertRefusedNaming("offset", get("/api/logs?offset=100001", viewer()));
        assertRefusedNaming("offset", get("/api/logs?offset=99999999999999999999", viewer()));
        HttpResponse<String> atCap = get("/api/logs?offset=100000", viewer());
        assertEquals(200, atCap.statusCode(), atCap.body());
        assertRefusedNaming("limit", get("/api/logs?limit=501", viewer()));
        assertRefusedNaming("limit", get("/api/logs?num_records=100000", viewer()));
        ps.assertStillWell("huge offset");
    }

    @Test
    @Order(3)
    void fiveThousandPrefixTermsAreRefused() throws Exception {
        String terms = URLEncoder.encode("x* ".repeat(5_000).strip(), StandardCharsets.UTF_8);
        HttpClient once = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> thousands = once.send(HttpRequest.newBuilder(ps.server.uri("/api/logs?text=" + terms))
                .header("Authorization", viewer()).build(), HttpResponse.BodyHandlers.ofString());
        // PS refuses it (400 naming text), or the HTTP listener already refuses so long a request line
        assertTrue(thousands.statusCode() == 400 || thousands.statusCode() == 414 || thousands.statusCode() == 431,
                thousands.statusCode() + ": " + thousands.body());
        if (thousands.statusCode() == 400 && thousands.body().startsWith("{")) {
            assertRefusedNaming("text", thousands);
        }
        assertFalse(JAVA_NAMES.matcher(thousands.body()).find(), thousands.body());
        // a short query with too many words is PS's to refuse
        assertRefusedNaming("text", get("/api/logs?text=" + URLEncoder.encode("a* ".repeat(17), StandardCharsets.UTF_8), viewer()));
        HttpResponse<String> sixteen = get("/api/logs?text=" + URLEncoder.encode("a* b* c* d* e* f* g* h* i* j* k* l* m* n* o* p*",
                StandardCharsets.UTF_8), viewer());
        assertEquals(200, sixteen.statusCode(), sixteen.body());
        ps.assertStillWell("5,000 prefix terms");
    }

    @Test
    @Order(4)
    void outOfRangeNumbersOnEveryEndpointAreRefusedNamingTheParameter() throws Exception {
        assertRefusedNaming("bucket", get("/api/charts/levels?bucket=0", viewer()));
        assertRefusedNaming("bucket", get("/api/charts/inputs?bucket=abc", viewer()));
        assertRefusedNaming("bucket", get("/api/charts/levels?bucket=99999999999", viewer()));
        assertRefusedNaming("from", get("/api/charts/inputs?from=-5", viewer()));
        assertRefusedNaming("from", get("/api/charts/levels?from=2026-11-27T00:00:00Z&to=2026-11-26T00:00:00Z", viewer()));
        assertRefusedNaming("limit", get("/api/charts/top-systems?limit=1000", viewer()));
        assertRefusedNaming("limit", get("/api/charts/top-systems?limit=0", viewer()));
        assertRefusedNaming("level", get("/api/charts/top-systems?level=LOUD", viewer()));
        assertRefusedNaming("limit", get("/api/values/system_id?limit=100000", viewer()));
        assertRefusedNaming("prefix", get("/api/values/system_id?prefix=" + "p".repeat(1_001), viewer()));
        assertRefusedNaming("from", get("/api/logs?from=9223372036854775807", viewer()));
        assertRefusedNaming("from", get("/api/logs?from=2026-11-27T00:00:00Z&to=2026-11-26T00:00:00Z", viewer()));
        assertRefusedNaming("system_id", get("/api/logs?system_id=" + "s".repeat(1_001), viewer()));
        assertRefusedNaming("older_than_days", send("DELETE", "/api/logs?older_than_days=abc", admin(), null, null));
        assertRefusedNaming("older_than_days", send("DELETE", "/api/logs?older_than_days=99999999", admin(), null, null));
        // the distinct values take a prefix and a limit
        HttpResponse<String> values = get("/api/values/system_id?prefix=hostile-w&limit=5", viewer());
        assertEquals(200, values.statusCode(), values.body());
        assertTrue(values.body().contains("hostile-witness"), values.body());
        ps.assertStillWell("out-of-range numbers");
    }

    @Test
    @Order(5)
    void crossSiteFormPostsAreRefused() throws Exception {
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            HttpResponse<String> refused = send("POST", "/api/users", admin(), type,
                    "{\"name\":\"csrf\",\"role\":\"admin\",\"password\":\"csrf-password\"}");
            assertEquals(415, refused.statusCode(), type + ": " + refused.body());
            assertFalse(JAVA_NAMES.matcher(refused.body()).find(), refused.body());
        }
        assertEquals(415, send("POST", "/api/users", admin(), null, "{}").statusCode(), "no content type at all");
        assertEquals(415, send("PUT", "/api/users/" + VIEWER, admin(), "text/plain", "{\"role\":\"admin\"}").statusCode());
        assertFalse(get("/api/users", admin()).body().contains("\"csrf\""));
        // a body that is not JSON is a 400 without Java in it
        HttpResponse<String> broken = send("POST", "/api/users", admin(), "application/json", "{not json");
        assertEquals(400, broken.statusCode(), broken.body());
        assertFalse(JAVA_NAMES.matcher(broken.body()).find(), broken.body());
        ps.assertStillWell("text/plain POST");
    }

    @Test
    @Order(6)
    void consolePagesCarryCspAndRefuseFraming() throws Exception {
        for (String page : List.of("/index.xhtml", "/dashboard.xhtml", "/services.xhtml")) {
            HttpResponse<String> response = get(page, admin());
            assertEquals(200, response.statusCode(), page);
            String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("frame-ancestors 'none'"), page + ": " + csp);
            assertTrue(csp.matches(".*script-src 'self' 'nonce-[^']+'.*"), page + ": " + csp);
            assertFalse(csp.matches(".*script-src[^;]*unsafe-inline.*"), page + ": no inline script allowed: " + csp);
            assertEquals("DENY", response.headers().firstValue("X-Frame-Options").orElse(""), page);
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""), page);
            assertEquals("same-origin", response.headers().firstValue("Referrer-Policy").orElse(""), page);
            // every script element of the page carries the nonce; no handler attribute is left inline
            String nonce = csp.replaceAll(".*'nonce-([^']+)'.*", "$1");
            Matcher scripts = Pattern.compile("<script(?![^>]*\\ssrc=)([^>]*)>").matcher(response.body());
            while (scripts.find()) {
                assertTrue(scripts.group(1).contains("nonce=\"" + nonce + "\""), page + ": inline script without nonce: " + scripts.group());
            }
            assertFalse(Pattern.compile("\\son(click|change|keyup|keydown|submit|load)=\"").matcher(response.body()).find(),
                    page + ": inline handler");
        }
        HttpResponse<String> login = get("/login.xhtml", null);
        assertTrue(login.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
        HttpResponse<String> api = get("/api/logs", viewer());
        assertTrue(api.headers().firstValue("Content-Security-Policy").orElse("").startsWith("default-src 'none'"));
        assertEquals("nosniff", api.headers().firstValue("X-Content-Type-Options").orElse(""));
        ps.assertStillWell("CSP and frame-ancestors");
    }

    @Test
    @Order(7)
    void theSessionCookieIsSameSiteAndHttpOnlyAndAnonymousVisitsKeepNoSession() throws Exception {
        String cookie = lastLogin(formLogin(VIEWER, VIEWER_PASSWORD)).headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("JSESSIONID=")).findFirst().orElse("");
        assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("samesite=lax"), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP: Secure would keep the cookie from coming back: " + cookie);
        // the login page is stateless: a flood of anonymous visits leaves no session behind to fill the heap
        for (int i = 0; i < 500; i++) {
            HttpResponse<String> page = get("/login.xhtml", null);
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().allValues("Set-Cookie").isEmpty(), "no session for a visit: " + page.headers().map());
        }
        ps.assertStillWell("session cookie SameSite");
    }

    @Test
    @Order(8)
    void badBasicCredentialsOnOpenPathsCostNoPbkdf2() throws Exception {
        for (String path : List.of("/health/ready", "/openapi", "/login.xhtml")) {
            HttpResponse<String> open = get(path, PsServer.basic("admin", "wrong"));
            assertEquals(200, open.statusCode(), path + " with bad credentials: " + open.body());
        }
        // timed on a static resource, interleaved with the same request without credentials
        String resource = "/jakarta.faces.resource/ps/url.js.xhtml";
        long open = 0;
        long anonymous = 0;
        for (int i = 0; i < 50; i++) {
            long started = System.nanoTime();
            HttpResponse<String> bad = get(resource, PsServer.basic("admin", "wrong-" + i));
            open += System.nanoTime() - started;
            assertEquals(200, bad.statusCode(), resource + " with bad credentials");
            started = System.nanoTime();
            assertEquals(200, get(resource, null).statusCode());
            anonymous += System.nanoTime() - started;
        }
        // the baseline: 50 PBKDF2 checks as PS makes them (210,000 iterations of HMAC-SHA256), in this JVM
        SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        long started = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            pbkdf2.generateSecret(new PBEKeySpec(("wrong-" + i).toCharArray(), new byte[16], 210_000, 256)).getEncoded();
        }
        long checks = System.nanoTime() - started;
        System.out.printf("50 bad Basic on an open path: %d ms; the same without credentials: %d ms; 50 PBKDF2: %d ms;"
                + " bad/PBKDF2 %.3f%n", open / 1_000_000, anonymous / 1_000_000, checks / 1_000_000, (double) open / checks);
        assertTrue(open * 4 < checks, "50 requests took " + open / 1_000_000 + " ms, 50 PBKDF2s " + checks / 1_000_000 + " ms");
        // and none of them was checked: 53 failed checks of admin would have locked admin by now (429)
        assertEquals(200, get("/api/me", admin()).statusCode());
        ps.assertStillWell("bad Basic on /health");
    }

    @Test
    @Order(9)
    void twentyWrongPasswordsLockTheUserAndLeaveARecord() throws Exception {
        String victim = "hostile-victim";
        String password = "victim-password-1";
        assertEquals(201, send("POST", "/api/users", admin(), "application/json",
                "{\"name\":\"" + victim + "\",\"role\":\"viewer\",\"password\":\"" + password + "\"}").statusCode());
        int unauthorized = 0;
        int throttled = 0;
        long waited = 0;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> wrong = get("/api/me", PsServer.basic(victim, "wrong-" + i));
            if (wrong.statusCode() == 429) {
                throttled++;
                assertFalse(JAVA_NAMES.matcher(wrong.body()).find(), wrong.body());
                long retry = Long.parseLong(wrong.headers().firstValue("Retry-After").orElseThrow());
                if (retry <= 10) { // a patient attacker waits out the short delays, not the lockout
                    Thread.sleep(retry * 1000);
                    waited += retry;
                }
            } else {
                assertEquals(401, wrong.statusCode(), wrong.body());
                unauthorized++;
            }
        }
        assertEquals(10, unauthorized, "checked failures until the lock (5 free, then 1, 2, 4, 8 s apart)");
        assertTrue(waited >= 15, "the delays grew: waited " + waited + " s");
        HttpResponse<String> right = get("/api/me", PsServer.basic(victim, password));
        assertEquals(429, right.statusCode(), "the right password during the lock: " + right.body());
        assertTrue(Long.parseLong(right.headers().firstValue("Retry-After").orElseThrow()) > 60, "locked for minutes");
        assertTrue(right.body().contains("too many failed logins"), right.body());
        ps.assertLoggedOnce("PS login: user '" + victim + "' locked until");
        long records = ps.server.countInDatabase("SELECT count(*) FROM log WHERE system_id = 'ps' AND levelno = 30"
                + " AND message LIKE 'PS login: user ''" + victim + "'' locked until %'");
        assertEquals(1, records, "the audit record");
        // the address is not locked: another user from it still logs in
        assertEquals(200, get("/api/me", viewer()).statusCode());
        assertTrue(throttled >= 10);
        ps.assertStillWell("20 wrong passwords");
    }

    private static final Map<HttpClient, HttpResponse<String>> LOGINS = new java.util.HashMap<>();

    static HttpResponse<String> lastLogin(HttpClient browser) {
        return LOGINS.get(browser);
    }

    /** Logs in through the console's form as a browser does; returns the client holding the session. */
    static HttpClient formLogin(String name, String password) throws Exception {
        HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5)).build();
        String page = browser.send(HttpRequest.newBuilder(ps.server.uri("/login.xhtml")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher state = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertTrue(state.find(), page);
        String form = "login=login&login%3Aname=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + "&login%3Apassword=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&login%3Asubmit=&jakarta.faces.ViewState=" + URLEncoder.encode(state.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> posted = browser.send(HttpRequest.newBuilder(ps.server.uri("/login.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, posted.statusCode(), "login answered " + posted.statusCode() + ": " + posted.body());
        LOGINS.put(browser, posted);
        return browser;
    }

    static int console(HttpClient browser) throws Exception {
        return browser.send(HttpRequest.newBuilder(ps.server.uri("/index.xhtml")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    @Order(10)
    void aPasswordChangeEndsTheUsersOtherSessions() throws Exception {
        String user = "hostile-changer";
        assertEquals(201, send("POST", "/api/users", admin(), "application/json",
                "{\"name\":\"" + user + "\",\"role\":\"viewer\",\"password\":\"old-password-1\"}").statusCode());
        HttpClient first = formLogin(user, "old-password-1");
        HttpClient second = formLogin(user, "old-password-1");
        HttpClient bystander = formLogin(VIEWER, VIEWER_PASSWORD);
        assertEquals(200, console(first));
        assertEquals(200, console(second));
        HttpResponse<String> changed = send("PUT", "/api/users/" + user, admin(), "application/json",
                "{\"password\":\"new-password-1\"}");
        assertEquals(200, changed.statusCode(), changed.body());
        assertEquals(302, console(first), "the session with the old password ends (redirect to the login page)");
        assertEquals(302, console(second));
        assertEquals(200, console(bystander), "other users' sessions go on");
        assertEquals(200, console(formLogin(user, "new-password-1")), "the new password logs in");
        assertEquals(401, get("/api/me", PsServer.basic(user, "old-password-1")).statusCode(), "the old password is gone");
        ps.assertStillWell("password change ends other sessions");
    }

    @Test
    @Order(11)
    void aSearchOverItsBudgetIsStoppedWithAMessage() throws Exception {
        seed(40_000);
        long start = System.nanoTime();
        // one run of letters: no whole word to look up in the word index, so a scan that meets the budget
        HttpResponse<String> stopped = get("/api/logs?contains=" + "inNoRecordAtAll", viewer());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(422, stopped.statusCode(), stopped.body());
        assertTrue(stopped.body().contains("stopped after 5 ms"), stopped.body());
        assertFalse(JAVA_NAMES.matcher(stopped.body()).find(), stopped.body());
        assertTrue(millis < 10_000, "answered after " + millis + " ms, not a hang");
        // whole-word search is under the (longer) query budget and answers
        assertEquals(200, get("/api/logs?text=seeded&limit=500", viewer()).statusCode());
        ps.assertStillWell("search over its budget");
    }

    @Test
    @Order(12)
    void theGeneratedAdminPasswordIsInAPrivateFileNotTheLog() throws Exception {
        Path file = ps.dataDir().resolve("admin-password.txt");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(adminPassword.length() >= 16);
        assertFalse(ps.server.log().contains(adminPassword), "the password is not in the server log");
        assertTrue(ps.server.log().contains("its password is in " + file), "the log says where it is");
        ps.assertStillWell("generated admin password");
    }

    @Test
    @Order(13)
    void consoleParametersAndPagingAreBoundedWithMessages() throws Exception {
        HttpClient browser = formLogin(VIEWER, VIEWER_PASSWORD);
        for (String query : List.of("from=9223372036854775807", "size=100000", "to=99999999999999999999",
                "from=2026-11-27T00:00:00Z&to=2026-11-26T00:00:00Z", "text=" + URLEncoder.encode("a* ".repeat(17), StandardCharsets.UTF_8))) {
            HttpResponse<String> page = browser.send(HttpRequest.newBuilder(ps.server.uri("/index.xhtml?" + query)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), query);
            assertTrue(page.body().contains("Filter not applied: parameter "), query + ": no message naming the parameter");
            assertFalse(PAGE_JAVA.matcher(page.body()).find(), query + ": Java shown");
        }
        // the table's paging, as its Ajax asks for a page: far beyond the offset cap
        HttpResponse<String> table = browser.send(HttpRequest.newBuilder(ps.server.uri("/index.xhtml")).build(),
                HttpResponse.BodyHandlers.ofString());
        String page = table.body();
        // PrimeFaces' CSP mode refuses an Ajax request without the page's nonce, as a browser sends it
        String nonce = table.headers().firstValue("Content-Security-Policy").orElseThrow().replaceAll(".*'nonce-([^']+)'.*", "$1");
        Matcher state = Pattern.compile("id=\"logs:[^\"]*ViewState[^\"]*\"[^>]*value=\"([^\"]+)\"").matcher(page);
        if (!state.find()) {
            state = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"").matcher(page);
            assertTrue(state.find(), "view state");
        }
        String ajax = "jakarta.faces.partial.ajax=true&jakarta.faces.source=logs%3Arecords&jakarta.faces.partial.execute=logs%3Arecords"
                + "&jakarta.faces.partial.render=logs%3Arecords&logs%3Arecords=logs%3Arecords&logs%3Arecords_pagination=true"
                + "&logs%3Arecords_first=2000000000&logs%3Arecords_rows=50&logs%3Arecords_skipChildren=true"
                + "&logs%3Arecords_encodeFeature=true&logs=logs&primefaces.nonce=" + URLEncoder.encode(nonce, StandardCharsets.UTF_8)
                + "&jakarta.faces.ViewState=" + URLEncoder.encode(state.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> beyond = browser.send(HttpRequest.newBuilder(ps.server.uri("/index.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Faces-Request", "partial/ajax")
                .POST(HttpRequest.BodyPublishers.ofString(ajax)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, beyond.statusCode(), beyond.body());
        assertFalse(beyond.body().contains("<error>"), beyond.body());
        ps.assertStillWell("console parameters and paging");
    }

    /** Stores {@code count} records through a native connection (one client), waiting for the last ACK. */
    static void seed(int count) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream frames = new DataOutputStream(bytes);
        NativeProtocol.writeHello(frames, "hostile-web-seed");
        long now = System.currentTimeMillis();
        for (int i = 1; i <= count; i++) {
            NativeProtocol.writeRecord(frames, new LogEntry().seq(i).created(now - count + i).level(Level.INFO)
                    .set(LogField.SYSTEM_ID, "seed-" + (i % 50)).set(LogField.MESSAGE, "seeded record number " + i));
        }
        frames.flush();
        try (Socket socket = new Socket("localhost", ps.server.nativePort)) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(bytes.toByteArray());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                NativeProtocol.Frame frame = NativeProtocol.readFrame(in, 1 << 20);
                assertTrue(frame != null && frame.type() != NativeProtocol.ERROR, "the seed was refused");
                if (frame.type() == NativeProtocol.ACK && NativeProtocol.readAck(frame.body()) >= count) {
                    return;
                }
            }
        }
    }
}
