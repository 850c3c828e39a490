package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's Jobs page and neelix's Heartbeats and Rules pages in a real headless Chromium against one
 * real PS: starting a job, following its output live, its run history, stopping a run, markup in output as
 * text, what a viewer may not do, a heartbeat's state after a ping, a broken rule file's message. The Jobs
 * page re-renders itself every 2 s while a run is going, so elements are looked up afresh on each check.
 * A failed test leaves a screenshot under target/screenshots.
 */
@ExtendWith(Browser.Screenshots.class)
class ConsolePagesIT {
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "<img src=x onerror=alert(1)>";
    static final String BACKUP_TOKEN = "pages-backup-token-0123456789";
    static final String NEELIX_YAML = String.join("\n",
            "rules:",
            "  - id: pages-errors",
            "    system: orders",
            "    level: ERROR",
            "    mail_to: [dev@test.example]",
            "services:",
            "  - id: backup",
            "    period: 1h",
            "    token: " + BACKUP_TOKEN,
            "");

    static PsServer server;
    static Path configDir;
    Browser browser;

    @BeforeAll
    static void start() throws Exception {
        Path dataDir = PsServer.dataDir("console-pages");
        configDir = dataDir.resolve("config");
        Path jobs = configDir.resolve("jobs");
        Files.createDirectories(jobs);
        // the sleep keeps the run going past the start button's answer: the end can only reach the page by polling
        write(jobs, "greet.yaml", "parameters:\n  who: world\n");
        write(jobs, "greet.sh", "echo hello {{who}}\necho careful now >&2\nsleep 1\necho last line\n");
        write(jobs, "nightly.yaml", "cron: '30 2 * * *'\nzone: UTC\n");
        write(jobs, "nightly.sh", "echo nightly\n");
        write(jobs, "markup.yaml", "timeout: 1m\n");
        write(jobs, "markup.sh", "echo '" + SCRIPT + "'\necho '" + IMG + "' >&2\n");
        write(jobs, "long.yaml", "timeout: 5m\n");
        write(jobs, "long.sh", "echo long run started\nsleep 120\necho long run ended\n");
        write(jobs, "waiter.yaml", "timeout: 5m\n");
        write(jobs, "waiter.sh", "echo waiting\nsleep 120\n");
        write(jobs, "misspelt.yaml", "cron: '30 2 * * *'\ncolour: red\n");
        write(configDir, "neelix-testing.yaml", NEELIX_YAML);
        server = PsServer.start(dataDir, Map.of(
                "PS_CONFIG_DIR", configDir.toString(),
                "PS_MAIL_CAPTURE", "true"));
    }

    @AfterAll
    static void stop() throws Exception {
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

    /** Writes a config file whole (a temporary file moved into place), so PS never reads half of it. */
    static void write(Path dir, String name, String text) throws IOException {
        Path temporary = dir.resolve("." + name + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static HttpResponse<String> http(String method, String path, String authorization, String body) throws Exception {
        return server.send(method, path, authorization, body);
    }

    static String admin() {
        return PsServer.admin();
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    static JsonObject run(String job, long id) throws Exception {
        HttpResponse<String> response = server.get("/api/jobs/" + job + "/runs/" + id);
        assertEquals(200, response.statusCode(), response::body);
        return json(response.body());
    }

    WebDriverWait await(int seconds) {
        WebDriverWait wait = browser.await(Duration.ofSeconds(seconds));
        wait.pollingEvery(Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** The text of an element, or "" while it is not there (the poll replaces the form's elements). */
    String text(By locator) {
        try {
            return browser.driver.findElement(locator).getText();
        } catch (NoSuchElementException | StaleElementReferenceException e) {
            return "";
        }
    }

    /** The cells' texts of a table's rows (PrimeFaces data table by client id). */
    List<List<String>> rows(String tableId) {
        for (int attempt = 0; ; attempt++) {
            try {
                return browser.driver.findElements(By.cssSelector("[id='" + tableId + "_data'] > tr[data-ri]")).stream()
                        .map(row -> row.findElements(By.cssSelector(":scope > td")).stream().map(WebElement::getText).toList())
                        .toList();
            } catch (StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** The row of a table whose first cell is the key, or null. */
    List<String> row(String tableId, String key) {
        return rows(tableId).stream().filter(cells -> !cells.isEmpty() && cells.get(0).equals(key)).findFirst().orElse(null);
    }

    /** A cell's text of the row whose first cell is the key, or "" while there is no such row. */
    String cell(String tableId, String key, int column) {
        List<String> cells = row(tableId, key);
        return cells == null ? "" : cells.get(column);
    }

    /** Buttons (by label) in the row of a table whose first cell is the key. */
    List<WebElement> buttons(String tableId, String key, String label) {
        return browser.driver.findElements(buttonIn(tableId, key, label));
    }

    /** Clicks a button or link as soon as it is there; again if the poll replaced it just then. */
    void click(By locator) {
        await(20).until(driver -> {
            driver.findElement(locator).click();
            return true;
        });
    }

    By buttonIn(String tableId, String key, String label) {
        return By.xpath("//*[@id='" + tableId + "_data']/tr[td[1][normalize-space(.)='" + key
                + "']]//button[normalize-space(.)='" + label + "']");
    }

    By linkIn(String tableId, String label) {
        return By.xpath("//*[@id='" + tableId + "_data']/tr/td[1]//a[normalize-space(.)='" + label + "']");
    }

    /** "Output of run N (STATUS)", or "" while no run is shown. */
    String outputHeading() {
        return text(By.xpath("//h2[starts-with(normalize-space(.), 'Output of run')]")).replaceAll("\\s+", " ");
    }

    /** The background colour of the output row with that message. */
    String cellColour(String message) {
        return browser.driver.findElement(By.xpath("//*[@id='jobs:output_data']/tr[td[4][normalize-space(.)='" + message + "']]/td[1]"))
                .getCssValue("background-color");
    }

    /** How many XHRs the page sends by itself in that time, untouched (the poll's requests). */
    long ajaxRequestsWithin(Duration time) throws InterruptedException {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        js.executeScript("performance.clearResourceTimings()");
        Thread.sleep(time.toMillis());
        return (Long) js.executeScript("return performance.getEntriesByType('resource')"
                + ".filter(function (e) { return e.initiatorType === 'xmlhttprequest'; }).length");
    }

    void assertNoProblemShown() {
        assertEquals("", text(By.id("jobs:messages")), "no message on the page");
        String page = browser.driver.getPageSource();
        assertFalse(page.contains("Exception"), "no stack trace on the page");
        assertFalse(browser.alertPresent());
    }

    long startFromThePage(String job) {
        click(buttonIn("jobs:jobTable", job, "Start"));
        String heading = await(20).until(driver -> {
            String text = outputHeading();
            return text.isEmpty() ? null : text;
        });
        Matcher id = Pattern.compile("Output of run (\\d+) ").matcher(heading);
        assertTrue(id.find(), heading);
        return Long.parseLong(id.group(1));
    }

    /** Waits until the shown run's heading names the status (reached by the page's own polling). */
    void awaitStatus(long id, String status, int seconds) {
        String expected = "Output of run " + id + " (" + status + ")";
        try {
            await(seconds).until(driver -> outputHeading().equals(expected));
        } catch (TimeoutException e) {
            throw new AssertionError("page did not show " + expected + " within " + seconds + " s; it shows "
                    + outputHeading(), e);
        }
    }

    @Test
    void anAdminStartsAJobFollowsItsOutputAndReadsItsHistory() throws Exception {
        browser.login("admin", PsServer.ADMIN_PASSWORD);
        browser.open("/jobs.xhtml");
        List<String> greet = row("jobs:jobTable", "greet");
        List<String> nightly = row("jobs:jobTable", "nightly");
        assertTrue(greet != null && nightly != null, () -> "jobs listed: " + rows("jobs:jobTable"));
        assertEquals("on demand", greet.get(2), greet::toString);
        assertEquals("", greet.get(3), "no next run without a schedule");
        assertEquals("30 2 * * * UTC", nightly.get(2), nightly::toString);
        assertTrue(nightly.get(3).matches("\\d{4}-\\d\\d-\\d\\dT02:30Z"), () -> "next run ISO-8601 with zone: " + nightly);
        assertTrue(browser.driver.findElements(By.id("jobs:runTable")).isEmpty(), "no run history before a job is chosen");
        assertTrue(text(By.cssSelector("#jobs .ps-problem")).matches("(?s).*misspelt\\.yaml.*colour.*"),
                () -> "a descriptor with a mistake is reported: " + text(By.cssSelector("#jobs .ps-problem")));
        assertTrue(row("jobs:jobTable", "misspelt") == null, "and left out");

        long id = startFromThePage("greet");
        // nothing more is clicked: the run's end and its lines come by the page's polling
        awaitStatus(id, "COMPLETED", 30);
        await(5).until(driver -> rows("jobs:output").stream().anyMatch(cells -> cells.get(3).equals("last line")));
        List<List<String>> output = rows("jobs:output");
        List<String> hello = output.stream().filter(cells -> cells.get(3).equals("hello world")).findFirst().orElse(null);
        List<String> careful = output.stream().filter(cells -> cells.get(3).equals("careful now")).findFirst().orElse(null);
        assertTrue(hello != null && careful != null, output::toString);
        assertEquals(List.of("INFO", "stdout"), hello.subList(1, 3), "stdout is INFO");
        assertEquals(List.of("WARNING", "stderr"), careful.subList(1, 3), "stderr is WARNING");
        assertTrue(hello.get(0).matches("\\d{4}-\\d\\d-\\d\\dT.*(Z|[+-]\\d\\d:\\d\\d)"), () -> "ISO time with zone: " + hello);
        assertEquals("COMPLETED", run("greet", id).getString("status"), "the page shows what the API says");
        String stdoutColour = cellColour("hello world");
        String stderrColour = cellColour("careful now");
        assertTrue(!stdoutColour.equals(stderrColour) && !stdoutColour.equals("rgba(0, 0, 0, 0)")
                && !stderrColour.equals("rgba(0, 0, 0, 0)"), "rows coloured by level: " + stdoutColour + " / " + stderrColour);
        assertNoProblemShown();
        browser.screenshot("jobs-run-completed");
        assertEquals(0, ajaxRequestsWithin(Duration.ofMillis(4500)), "the page stops polling once nothing runs");

        // choosing the job shows its history; choosing the run shows its output again
        browser.open("/jobs.xhtml");
        assertTrue(outputHeading().isEmpty());
        click(linkIn("jobs:jobTable", "greet"));
        await(10).until(driver -> row("jobs:runTable", Long.toString(id)) != null);
        List<String> history = row("jobs:runTable", Long.toString(id));
        assertEquals("COMPLETED", history.get(1), history::toString);
        assertEquals("manual (attempt 1)", history.get(2), history::toString);
        assertEquals("EXIT 0", history.get(6), history::toString);
        assertTrue(buttons("jobs:runTable", Long.toString(id), "Restart").isEmpty(), "a completed run is not restarted");
        assertTrue(row("jobs:jobTable", "greet").get(4).endsWith("COMPLETED"), () -> "last run: " + row("jobs:jobTable", "greet"));
        click(linkIn("jobs:runTable", Long.toString(id)));
        awaitStatus(id, "COMPLETED", 10);
        assertTrue(rows("jobs:output").stream().anyMatch(cells -> cells.get(3).equals("hello world")), () -> rows("jobs:output").toString());
        assertNoProblemShown();
    }

    @Test
    void markupInAJobsOutputIsShownAsText() throws Exception {
        browser.login("admin", PsServer.ADMIN_PASSWORD);
        browser.open("/jobs.xhtml");
        long id = startFromThePage("markup");
        awaitStatus(id, "COMPLETED", 30);
        await(5).until(driver -> rows("jobs:output").stream().filter(cells -> cells.get(3).equals(SCRIPT) || cells.get(3).equals(IMG)).count() == 2);
        assertTrue(rows("jobs:output").stream().anyMatch(cells -> cells.get(3).equals(IMG) && cells.get(1).equals("WARNING")));
        assertTrue(browser.driver.findElements(By.cssSelector("img[src='x']")).isEmpty(), "no img element from a script's output");
        assertFalse(browser.alertPresent(), "no alert from a script's output");
        String source = browser.driver.getPageSource();
        assertFalse(source.contains(SCRIPT), "the script tag is escaped in the page");
        ((JavascriptExecutor) browser.driver).executeScript("document.getElementById('jobs:output').scrollIntoView()");
        browser.screenshot("jobs-markup-as-text");
    }

    @Test
    void anAdminStopsALongRunFromThePage() throws Exception {
        browser.login("admin", PsServer.ADMIN_PASSWORD);
        browser.open("/jobs.xhtml");
        long id = startFromThePage("long");
        String run = Long.toString(id);
        // its first line shows while it runs
        await(20).until(driver -> rows("jobs:output").stream().anyMatch(cells -> cells.get(3).equals("long run started")));
        assertTrue(outputHeading().matches("Output of run " + id + " \\((STARTING|STARTED)\\)"), outputHeading());
        assertEquals("run " + id, row("jobs:jobTable", "long").get(5), "the job list says it runs");
        // the poll re-renders itself, so its 2 s start again after each answer, which may take a while under load
        assertTrue(ajaxRequestsWithin(Duration.ofMillis(5000)) >= 1, "the page polls while the run goes on");
        click(buttonIn("jobs:runTable", run, "Stop"));
        awaitStatus(id, "STOPPED", 20);
        await(5).until(driver -> cell("jobs:runTable", run, 1).equals("STOPPED"));
        List<String> history = row("jobs:runTable", run);
        assertEquals("STOPPED", history.get(6), () -> "exit status: " + history);
        assertTrue(Long.parseLong(history.get(5)) < 60_000, () -> "stopped, not run out: " + history);
        assertTrue(buttons("jobs:runTable", run, "Stop").isEmpty(), "no Stop for an ended run");
        assertFalse(buttons("jobs:runTable", run, "Restart").isEmpty(), "a stopped run can be restarted");
        assertEquals("", row("jobs:jobTable", "long").get(5), "the job list says it no longer runs");
        assertTrue(rows("jobs:output").stream().noneMatch(cells -> cells.get(3).equals("long run ended")));
        JsonObject stopped = run("long", id);
        assertEquals("STOPPED", stopped.getString("status"), stopped::toString);
        assertFalse(stopped.getBoolean("running"));
        assertNoProblemShown();
    }

    @Test
    void aViewerSeesJobsAndRunsButNoStartOrStop() throws Exception {
        String viewer = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = http("POST", "/api/users", admin(),
                "{\"name\":\"" + viewer + "\",\"role\":\"viewer\",\"password\":\"viewer-password\"}");
        assertEquals(201, created.statusCode(), created::body);
        HttpResponse<String> started = http("POST", "/api/jobs/waiter/runs", admin(), "{}");
        assertEquals(201, started.statusCode(), started::body);
        long id = json(started.body()).getJsonNumber("id").longValue();
        try {
            browser.login(viewer, "viewer-password");
            browser.open("/jobs.xhtml");
            assertTrue(row("jobs:jobTable", "greet") != null && row("jobs:jobTable", "waiter") != null,
                    () -> "a viewer sees the jobs: " + rows("jobs:jobTable"));
            assertEquals("run " + id, row("jobs:jobTable", "waiter").get(5));
            click(linkIn("jobs:jobTable", "waiter"));
            await(10).until(driver -> row("jobs:runTable", Long.toString(id)) != null);
            click(linkIn("jobs:runTable", Long.toString(id)));
            await(20).until(driver -> rows("jobs:output").stream().anyMatch(cells -> cells.get(3).equals("waiting")));
            List<String> labels = browser.driver.findElements(By.cssSelector("#jobs button")).stream()
                    .map(button -> button.getText().trim()).toList();
            assertEquals(List.of("Refresh"), labels, "a viewer gets no Start, Stop or Restart");
            assertTrue(run("waiter", id).getBoolean("running"), "the run is still going while the viewer looks");
            assertNoProblemShown();
            browser.screenshot("jobs-viewer");

            // neelix's pages: no tokens and no pause for a viewer either
            browser.open("/neelix/heartbeats.xhtml");
            assertTrue(row("heartbeats:monitors", "backup") != null, () -> rows("heartbeats:monitors").toString());
            assertFalse(browser.driver.getPageSource().contains(BACKUP_TOKEN), "a viewer sees no ping token");
            assertEquals(List.of("Refresh"), browser.driver.findElements(By.cssSelector("#heartbeats button")).stream()
                    .map(button -> button.getText().trim()).toList(), "a viewer gets no Pause");
        } finally {
            HttpResponse<String> stopped = http("POST", "/api/jobs/waiter/runs/" + id + "/stop", admin(), "");
            assertEquals(202, stopped.statusCode(), stopped::body);
            // the stop takes a moment: a run still going would keep another test's Jobs page polling
            long until = System.currentTimeMillis() + 30_000;
            while (run("waiter", id).getBoolean("running") && System.currentTimeMillis() < until) {
                Thread.sleep(250);
            }
            assertFalse(run("waiter", id).getBoolean("running"), "the waiter run ended after its stop");
        }
    }

    @Test
    void aHeartbeatShowsItsStateAfterAPing() throws Exception {
        browser.login("admin", PsServer.ADMIN_PASSWORD);
        browser.open("/neelix/heartbeats.xhtml");
        List<String> before = row("heartbeats:monitors", "backup");
        assertTrue(before != null, () -> rows("heartbeats:monitors").toString());
        assertEquals("NEW", before.get(1), before::toString);
        assertTrue(row("heartbeats:monitors", "nightly") != null, "a scheduled job is a monitored service");

        HttpResponse<String> ping = http("POST", "/ping/backup?token=" + BACKUP_TOKEN, null, "backup ok " + IMG);
        assertEquals(200, ping.statusCode(), ping::body);
        click(By.id("heartbeats:refresh"));
        await(10).until(driver -> cell("heartbeats:monitors", "backup", 1).equals("UP"));
        List<String> after = row("heartbeats:monitors", "backup");
        assertTrue(after.get(2).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ \\(success\\)"), () -> "last ping: " + after);
        assertEquals("backup ok " + IMG, after.get(7), "the ping's message as text");
        assertEquals(BACKUP_TOKEN, after.get(8), "admins see the token");
        assertTrue(browser.driver.findElement(By.xpath("//*[@id='heartbeats:monitors_data']/tr[td[1][normalize-space(.)='backup']]"))
                .getAttribute("class").contains("ps-monitor-UP"));
        assertFalse(buttons("heartbeats:monitors", "backup", "Pause").isEmpty(), "admins may pause");
        assertTrue(browser.driver.findElements(By.cssSelector("img[src='x']")).isEmpty(), "no img element from a ping");
        assertFalse(browser.alertPresent());
        browser.screenshot("heartbeats-up");
    }

    @Test
    void aBrokenRuleFileIsReportedWithFileAndLineOnTheRulesPage() throws Exception {
        browser.login("admin", PsServer.ADMIN_PASSWORD);
        browser.open("/neelix/rules.xhtml");
        assertTrue(rows("rules:table").stream().anyMatch(cells -> cells.get(0).startsWith("pages-errors")
                && cells.get(0).endsWith("neelix-testing.yaml:2")), () -> "the rule with its file:line: " + rows("rules:table"));
        assertFalse(text(By.id("config-messages")).contains("unknown key"), text(By.id("config-messages")));
        Path file = configDir.resolve("neelix-testing.yaml");
        try {
            write(configDir, "neelix-testing.yaml", NEELIX_YAML.replace("    level: ERROR\n", "    level: ERROR\n    colour: red\n"));
            String expected = file + ":5: unknown key 'colour'";
            await(20).until(driver -> {
                driver.findElement(By.id("rules:refresh")).click();
                return text(By.id("config-messages")).contains(expected);
            });
            assertTrue(rows("rules:table").stream().anyMatch(cells -> cells.get(0).startsWith("pages-errors")),
                    "the rules last read stay in force");
            assertFalse(browser.driver.getPageSource().contains("Exception"), "no stack trace on the page");
            browser.screenshot("rules-config-error");
        } finally {
            write(configDir, "neelix-testing.yaml", NEELIX_YAML);
        }
    }
}
