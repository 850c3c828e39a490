package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.PsSender;

/**
 * The herald console in a real headless Chromium against a real PS: login, filters, row detail, live tail,
 * charts, XSS records, roles. A failed test leaves a screenshot under target/screenshots.
 */
@ExtendWith(Browser.Screenshots.class)
class ConsoleIT {
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "<img src=x onerror=alert(1)>";
    static final String XSS_SYSTEM = "\"><img src=x onerror=alert(2)>";

    static PsServer server;
    static PsSender sender;
    Browser browser;

    @BeforeAll
    static void start() throws Exception {
        server = PsServer.start(PsServer.dataDir("console"));
        sender = new PsSender("localhost", server.nativePort, 1000, Duration.ofSeconds(1));
        send(record("orders", Level.INFO, "order 1 placed"));
        send(record("orders", Level.WARNING, "order 2 slow"));
        send(record("orders", Level.ERROR, "payment declined")
                .set(LogField.EXC_TEXT, "java.lang.IllegalStateException: card expired\n\tat shop.Pay.charge(Pay.java:42)"));
        send(record("billing", Level.ERROR, "invoice failed"));
        send(record("billing", Level.INFO, SCRIPT));
        send(record("billing", Level.WARNING, IMG));
        send(record(XSS_SYSTEM, Level.ERROR, "system name is markup"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sender != null) {
            sender.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void openBrowser() throws Exception {
        browser = new Browser(server);
    }

    @AfterEach
    void closeBrowser() throws Exception {
        browser.close();
    }

    static LogEntry record(String system, Level level, String message) {
        return new LogEntry().created(System.currentTimeMillis()).level(level)
                .set(LogField.LEVELNAME, level.name()).set(LogField.SYSTEM_ID, system).set(LogField.MESSAGE, message)
                .set(LogField.NAME, "console.test").set(LogField.MODULE, "ConsoleIT").set(LogField.FUNCNAME, "send")
                .set(LogField.PACKAGE_VERSION, "3.1.4").set(LogField.STAGE, "TESTING");
    }

    static void send(LogEntry entry) throws InterruptedException {
        assertTrue(sender.offer(entry));
        assertTrue(sender.flush(Duration.ofSeconds(20)), "record acknowledged by the bridge");
    }

    static HttpResponse<String> http(String method, String path, String authorization, String body) throws Exception {
        return server.send(method, path, authorization, body);
    }

    static String admin() {
        return PsServer.admin();
    }

    List<WebElement> rows() {
        return browser.driver.findElements(By.cssSelector("#logs\\:records_data > tr[data-ri]"));
    }

    String tableText() {
        return browser.driver.findElement(By.id("logs:records")).getText();
    }

    /** Picks an entry of a PrimeFaces drop-down as a user does: open it, click the entry (again if the panel was still moving). */
    void choose(String menuId, String label) throws InterruptedException {
        By item = By.cssSelector("[id='" + menuId + "_items'] li[data-label='" + label + "']");
        for (int attempt = 0; attempt < 3; attempt++) {
            browser.driver.findElement(By.id(menuId)).click();
            browser.await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id(menuId + "_panel")));
            Thread.sleep(400); // the panel slides open
            browser.await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(item)).click();
            browser.await(Duration.ofSeconds(10)).until(ExpectedConditions.invisibilityOfElementLocated(By.id(menuId + "_panel")));
            if (label.equals(browser.driver.findElement(By.id(menuId + "_label")).getText())) {
                return;
            }
        }
        throw new AssertionError(menuId + ": could not choose " + label);
    }

    /** Types into a PrimeFaces completion field and picks the suggestion with this label, as a user does. */
    void complete(String fieldId, String typed, String label) {
        WebElement input = browser.driver.findElement(By.id(fieldId + "_input"));
        input.clear();
        input.sendKeys(typed);
        By item = By.cssSelector("[id='" + fieldId + "_panel'] li[data-item-label='" + label + "']");
        browser.await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(item)).click();
        browser.await(Duration.ofSeconds(10)).until(driver -> label.equals(input.getAttribute("value")));
    }

    @Test
    void anonymousGoesToTheLoginPageAndTheApiAnswers401() throws Exception {
        browser.open("/index.xhtml?system=orders");
        browser.await(Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/login.xhtml"));
        assertTrue(browser.driver.getCurrentUrl().contains("next="), browser.driver.getCurrentUrl());
        assertEquals("TESTING", browser.driver.findElement(By.id("stage")).getText());

        assertEquals(401, http("GET", "/api/logs", null, null).statusCode());
        assertEquals(401, http("GET", "/api/logs", PsServer.basic("admin", "wrong"), null).statusCode());
        assertEquals(401, http("GET", "/api/logs", "Bearer ps_not-a-token", null).statusCode());
        assertTrue(http("GET", "/api/logs", null, null).headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertEquals(200, http("GET", "/health/ready", null, null).statusCode(), "health stays open");

        // a wrong password keeps the user on the login page with a message
        browser.open("/login.xhtml");
        browser.driver.findElement(By.id("login:name")).sendKeys("admin");
        browser.driver.findElement(By.id("login:password")).sendKeys("wrong password");
        browser.driver.findElement(By.id("login:submit")).click();
        browser.await(Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("login:messages"), "Wrong name or password"));

        // logging in returns to the page asked for
        browser.open("/index.xhtml?system=orders");
        browser.await(Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/login.xhtml"));
        browser.driver.findElement(By.id("login:name")).sendKeys("admin");
        browser.driver.findElement(By.id("login:password")).sendKeys(PsServer.ADMIN_PASSWORD);
        browser.driver.findElement(By.id("login:submit")).click();
        browser.await(Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/index.xhtml?system=orders"));
        assertEquals(3, rows().size(), tableText());
    }

    @Test
    void filterBySystemAndLevelKeepsTheFilterInTheUrl() throws Exception {
        browser.login("admin", PsServer.ADMIN_PASSWORD);
        browser.open("/index.xhtml");
        complete("filters:system", "ord", "orders");
        choose("filters:level", "WARNING");
        browser.driver.findElement(By.id("filters:search")).click();
        browser.await(Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("system=orders"));
        String url = browser.driver.getCurrentUrl();
        assertTrue(url.contains("level=WARNING"), url);
        List<WebElement> rows = rows();
        assertEquals(2, rows.size(), tableText());
        assertTrue(tableText().contains("payment declined") && tableText().contains("order 2 slow"), tableText());
        assertFalse(tableText().contains("order 1 placed"), tableText());
        assertTrue(rows.get(0).getAttribute("class").contains("ps-error"), "rows coloured by level");
        browser.screenshot("logs-filtered");

        // the URL alone brings the same page back (bookmarkable), in another user's session too
        browser.logout();
        browser.login("admin", PsServer.ADMIN_PASSWORD);
        browser.driver.get(url);
        assertEquals(2, rows().size(), tableText());

        // a text search, and filters that look like SQL find nothing and break nothing
        browser.open("/index.xhtml?text=" + URLEncoder.encode("declined", StandardCharsets.UTF_8));
        assertEquals(1, rows().size(), tableText());
        for (String evil : List.of("' OR '1'='1", "x'); DROP TABLE log; --", "\" OR 1=1 --", "%' --")) {
            String q = URLEncoder.encode(evil, StandardCharsets.UTF_8);
            browser.open("/index.xhtml?system=" + q + "&sub_system=" + q + "&product=" + q + "&user_spec_1=" + q
                    + "&user_spec_2=" + q + "&version=" + q + "&stage=" + q + "&sub_sub_system=" + q);
            assertTrue(tableText().contains("No records match."), evil + ": " + tableText());
        }
        browser.open("/index.xhtml?level=LOUD");
        assertTrue(browser.driver.findElement(By.id("filters:messages")).getText().contains("unknown level"),
                "a bad filter gets a message");
        assertTrue(server.logs("limit=100").getJsonArray("records").size() >= 7, "the log table is intact");
    }

    List<String> messages() {
        return rows().stream().map(row -> row.findElement(By.cssSelector("td.ps-message")).getText()).toList();
    }

    @Test
    void columnsSortOnTheServerAndTheSortStaysInTheUrl() throws Exception {
        browser.login("admin", PsServer.ADMIN_PASSWORD);
        browser.open("/index.xhtml?system=orders&sort=level");
        assertEquals(List.of("payment declined", "order 2 slow", "order 1 placed"), messages(), "highest level first");

        browser.driver.findElement(By.id("logs:records:levelColumn")).click();
        browser.await(Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class).until(driver -> messages().equals(
                List.of("order 1 placed", "order 2 slow", "payment declined")));
        browser.await(Duration.ofSeconds(5)).until(ExpectedConditions.urlContains("order=asc"));
        String url = browser.driver.getCurrentUrl();
        assertTrue(url.contains("sort=level") && url.contains("system=orders"), url);
        browser.driver.get(url);
        assertEquals(List.of("order 1 placed", "order 2 slow", "payment declined"), messages(), "the URL keeps the sort");

        browser.driver.findElement(By.id("logs:records:dateColumn")).click();
        browser.await(Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("sort=time"));
        browser.await(Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class).until(driver -> messages().equals(
                List.of("order 1 placed", "order 2 slow", "payment declined")));

        // the API sorts the same way and refuses a column it cannot sort by
        JsonObject bySystem = server.logs("sort=system&order=asc&limit=100");
        List<String> systems = bySystem.getJsonArray("records").stream()
                .map(record -> record.asJsonObject().getString("system_id", "")).toList();
        assertTrue(systems.size() >= 7, systems::toString);
        assertEquals(systems.stream().sorted().toList(), systems, "systems in ascending order");
        HttpResponse<String> bad = http("GET", "/api/logs?sort=message", admin(), null);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("sort must be time, level or system"), bad.body());
    }

    @Test
    void containsFindsTextInsideWordsWhereAWordSearchDoesNot() throws Exception {
        browser.login("admin", PsServer.ADMIN_PASSWORD);
        browser.open("/index.xhtml?text=eclined");
        assertTrue(tableText().contains("No records match."), "words are whole words: " + tableText());
        browser.open("/index.xhtml?contains=ECLINED");
        assertEquals(List.of("payment declined"), messages(), "any case, inside a word, as the original's search");
        browser.open("/index.xhtml?contains=" + URLEncoder.encode("ment decl", StandardCharsets.UTF_8));
        assertEquals(List.of("payment declined"), messages());
        browser.open("/index.xhtml?contains=" + URLEncoder.encode("%' OR 1=1 --", StandardCharsets.UTF_8));
        assertTrue(tableText().contains("No records match."), tableText());
        JsonObject api = server.logs("contains=" + URLEncoder.encode("VOICE FAIL", StandardCharsets.UTF_8));
        assertEquals(1, api.getJsonArray("records").size(), api::toString);
        assertEquals("invoice failed", api.getJsonArray("records").getJsonObject(0).getString("message"));
    }

    @Test
    void aRowOpensToEveryFieldWithTheExceptionInMonospace() throws Exception {
        browser.login("admin", PsServer.ADMIN_PASSWORD);
        browser.open("/index.xhtml?system=orders&level=ERROR");
        assertEquals(1, rows().size(), tableText());
        rows().get(0).findElement(By.cssSelector(".ui-row-toggler")).click();
        WebElement exception = browser.await(Duration.ofSeconds(10)).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".ui-expanded-row-content pre.ps-exc-text")));
        assertTrue(exception.getText().startsWith("java.lang.IllegalStateException: card expired"), exception.getText());
        assertTrue(exception.getCssValue("font-family").contains("monospace"), exception.getCssValue("font-family"));
        String detail = browser.driver.findElement(By.cssSelector(".ui-expanded-row-content")).getText();
        assertTrue(detail.contains("package_version") && detail.contains("3.1.4") && detail.contains("ConsoleIT"), detail);
        browser.screenshot("logs-row-detail");
    }

    @Test
    void liveTailShowsANewRecordWithinTwoSecondsAndPausesWhileReading() throws Exception {
        browser.login("admin", PsServer.ADMIN_PASSWORD);
        browser.open("/index.xhtml?live=true");
        browser.await(Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("tailLabel"), "following"));
        String message = "fresh record " + UUID.randomUUID();
        send(record("tail", Level.WARNING, message));
        long stored = System.nanoTime();
        // the tail redraws the table twice a second: an element found just before a redraw goes stale
        browser.await(Duration.ofSeconds(2)).pollingEvery(Duration.ofMillis(50)).ignoring(StaleElementReferenceException.class)
                .until(driver -> tableText().contains(message));
        System.out.printf("live tail: the record showed %d ms after the bridge acknowledged it%n",
                (System.nanoTime() - stored) / 1_000_000);

        send(record("tail", Level.ERROR, SCRIPT));
        browser.await(Duration.ofSeconds(2)).ignoring(StaleElementReferenceException.class)
                .until(driver -> rows().get(0).getText().contains(SCRIPT));
        assertFalse(browser.alertPresent(), "the live tail shows markup as text");

        // opening a row pauses the tail; new records wait until it is closed again
        browser.await(Duration.ofSeconds(5)).ignoring(StaleElementReferenceException.class).until(driver -> {
            rows().get(0).findElement(By.cssSelector(".ui-row-toggler")).click();
            return true;
        });
        browser.await(Duration.ofSeconds(5)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("tailLabel"), "paused"));
        String later = "while reading " + UUID.randomUUID();
        send(record("tail", Level.INFO, later));
        Thread.sleep(2500);
        assertFalse(tableText().contains(later), "paused while a row is open");
        browser.driver.findElement(By.cssSelector("#logs\\:records_data .ui-row-toggler")).click();
        browser.await(Duration.ofSeconds(4)).ignoring(StaleElementReferenceException.class).until(driver -> tableText().contains(later));
    }

    @Test
    void xssRecordsRenderAsTextEverywhere() throws Exception {
        browser.login("admin", PsServer.ADMIN_PASSWORD);
        browser.open("/index.xhtml");
        String table = tableText();
        assertTrue(table.contains(SCRIPT), table);
        assertTrue(table.contains(IMG), table);
        assertTrue(table.contains(XSS_SYSTEM), table);
        assertTrue(browser.driver.findElements(By.cssSelector("img[src='x']")).isEmpty(), "no img element from a message");
        assertFalse(browser.alertPresent());

        for (WebElement row : rows()) {
            if (row.getText().contains(IMG) || row.getText().contains(SCRIPT)) {
                row.findElement(By.cssSelector(".ui-row-toggler")).click();
            }
        }
        browser.await(Duration.ofSeconds(10)).until(driver -> driver.findElements(By.cssSelector(".ui-expanded-row-content")).size() >= 2);
        String details = browser.driver.findElements(By.cssSelector(".ui-expanded-row-content")).stream()
                .map(WebElement::getText).reduce("", String::concat);
        assertTrue(details.contains(IMG) && details.contains(SCRIPT), details);
        assertTrue(browser.driver.findElements(By.cssSelector("img[src='x']")).isEmpty());
        assertFalse(browser.alertPresent());
        browser.screenshot("logs-xss-as-text");

        // the completion lists the markup-like system as text too, and takes it as text
        WebElement systemInput = browser.driver.findElement(By.id("filters:system_input"));
        systemInput.sendKeys("\"");
        By suggestion = By.cssSelector("[id='filters:system_panel'] li.ui-autocomplete-item");
        browser.await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(suggestion));
        assertEquals(XSS_SYSTEM, browser.driver.findElement(suggestion).getText());
        assertFalse(browser.alertPresent());
        assertTrue(browser.driver.findElements(By.cssSelector("img[src='x']")).isEmpty());
        browser.driver.findElement(suggestion).click();
        browser.await(Duration.ofSeconds(10)).until(driver -> XSS_SYSTEM.equals(systemInput.getAttribute("value")));
        assertFalse(browser.alertPresent());
        assertTrue(browser.driver.findElements(By.cssSelector("img[src='x']")).isEmpty());
    }

    @Test
    void dashboardDrawsItsChartsWithDataAndAClickOpensTheFilteredLog() throws Exception {
        browser.login("admin", PsServer.ADMIN_PASSWORD);
        browser.open("/dashboard.xhtml?range=1h");
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        browser.await(Duration.ofSeconds(20)).until(driver -> js.executeScript("return !!window.psCharts"));
        Number levelTotal = (Number) js.executeScript("return psCharts.levels.data.datasets"
                + ".reduce((sum, set) => sum + set.data.reduce((a, b) => a + b, 0), 0)");
        assertTrue(levelTotal.intValue() >= 7, "records per minute drawn: " + levelTotal);
        Object topLabels = js.executeScript("return psCharts.top.data.labels");
        assertTrue(topLabels.toString().contains("orders") && topLabels.toString().contains("billing"), topLabels.toString());
        assertTrue(topLabels.toString().contains(XSS_SYSTEM), "a markup-like system is a plain chart label");
        Number inputs = (Number) js.executeScript("return psCharts.inputs.data.datasets.length");
        assertTrue(inputs.intValue() >= 1);
        Boolean painted = (Boolean) js.executeScript("var c = document.getElementById('levelsChart');"
                + "var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "for (var i = 3; i < d.length; i += 4) { if (d[i] !== 0) return true; } return false;");
        assertTrue(painted, "the canvas has pixels drawn");
        assertFalse(browser.alertPresent());
        assertTrue(browser.driver.findElements(By.cssSelector("img[src='x']")).isEmpty());
        String chartSrc = browser.driver.findElement(By.cssSelector("script[src*='chart.umd.js']")).getAttribute("src");
        assertTrue(chartSrc.startsWith(server.uri("/webjars/").toString()), "Chart.js from the webjar: " + chartSrc);
        browser.screenshot("dashboard");

        // clicking the top system's bar opens the log filtered to it
        Object first = js.executeScript("return psCharts.top.data.labels[0]");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Number> bar = (java.util.Map<String, Number>) js.executeScript(
                "var e = psCharts.top.getDatasetMeta(0).data[0]; var r = psCharts.top.canvas.getBoundingClientRect();"
                        + "return {x: e.x - r.width / 2, y: e.y - r.height / 2};");
        new Actions(browser.driver).moveToElement(browser.driver.findElement(By.id("topChart")),
                bar.get("x").intValue() - 5, bar.get("y").intValue()).click().perform();
        browser.await(Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/index.xhtml"));
        String url = java.net.URLDecoder.decode(browser.driver.getCurrentUrl(), StandardCharsets.UTF_8);
        assertTrue(url.contains("system=" + first) && url.contains("level=ERROR"), url);
        assertFalse(rows().isEmpty());
    }

    @Test
    void servicesListEverySystemWithItsVersions() throws Exception {
        browser.login("admin", PsServer.ADMIN_PASSWORD);
        browser.open("/services.xhtml");
        String text = browser.driver.findElement(By.id("services")).getText();
        assertTrue(text.contains("orders") && text.contains("billing") && text.contains("3.1.4"), text);
        assertTrue(text.contains(XSS_SYSTEM), text);
        assertFalse(browser.alertPresent());
        JsonObject services = Json.createReader(new StringReader(http("GET", "/api/services", admin(), null).body())).readObject();
        assertTrue(services.getJsonArray("services").size() >= 3, services.toString());
    }

    @Test
    void aViewerMayReadButNotDeleteAndAnAdminDeletesAfterConfirming() throws Exception {
        String viewer = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = http("POST", "/api/users", admin(),
                "{\"name\":\"" + viewer + "\",\"role\":\"viewer\",\"password\":\"viewer-password\"}");
        assertEquals(201, created.statusCode(), created.body());
        String viewerAuth = PsServer.basic(viewer, "viewer-password");
        assertEquals(200, http("GET", "/api/logs", viewerAuth, null).statusCode());
        assertEquals(403, http("DELETE", "/api/logs?older_than_days=1", viewerAuth, null).statusCode());
        assertEquals(403, http("GET", "/api/users", viewerAuth, null).statusCode());
        assertEquals(403, http("POST", "/api/users", viewerAuth,
                "{\"name\":\"x\",\"role\":\"admin\",\"password\":\"12345678\"}").statusCode());

        // API tokens
        HttpResponse<String> token = http("POST", "/api/users/" + viewer + "/tokens", admin(), "{\"label\":\"ci\"}");
        assertEquals(201, token.statusCode(), token.body());
        String bearer = "Bearer " + Json.createReader(new StringReader(token.body())).readObject().getString("token");
        HttpResponse<String> me = http("GET", "/api/me", bearer, null);
        assertEquals(200, me.statusCode());
        assertTrue(me.body().contains("\"role\":\"viewer\""), me.body());

        // the console: a viewer sees no delete action
        browser.login(viewer, "viewer-password");
        browser.open("/index.xhtml");
        assertFalse(rows().isEmpty());
        assertTrue(browser.driver.findElements(By.id("retention:delete")).isEmpty(), "no delete for a viewer");
        assertTrue(browser.driver.findElement(By.id("logout:user")).getText().contains(viewer));
        browser.open("/users.xhtml");
        assertTrue(browser.driver.getPageSource().contains("Not allowed"), "the users page is for admins");

        // an admin manages users in the console too
        browser.logout();
        browser.login("admin", PsServer.ADMIN_PASSWORD);
        browser.open("/users.xhtml");
        assertTrue(browser.driver.findElement(By.id("users:list")).getText().contains(viewer));
        browser.driver.findElement(By.id("users:name")).sendKeys("console-made");
        browser.driver.findElement(By.id("users:password")).sendKeys("console-password");
        browser.driver.findElement(By.id("users:create")).click();
        browser.await(Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("users:messages"), "Created user console-made"));
        assertEquals(200, http("GET", "/api/me", PsServer.basic("console-made", "console-password"), null).statusCode());

        // an admin deletes old records only after confirming (none are that old here)
        browser.open("/index.xhtml");
        browser.driver.findElement(By.id("retention:delete")).click();
        WebElement yes = browser.await(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.id("retention:confirmYes")));
        browser.screenshot("logs-delete-confirmation");
        yes.click();
        browser.await(Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("filters:messages"), "Deleted 0 records older than 30 days"));
        HttpResponse<String> deleted = http("DELETE", "/api/logs?older_than_days=30", admin(), null);
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertTrue(deleted.body().contains("\"deleted\":0"), deleted.body());
    }
}
