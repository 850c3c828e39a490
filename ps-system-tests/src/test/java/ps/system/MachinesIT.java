package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Logger;

import javax.xml.parsers.DocumentBuilderFactory;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import ps.basic.fsm.FiniteStateMachine;
import ps.basic.fsm.State;
import ps.client.PsHandler;
import ps.client.Stage;

/**
 * State machines against a real PS: a machine run in this JVM logs through PsHandler to the server's
 * native port; its definition and current state come back over /api/machines, its picture over the SVG
 * endpoint, and the Machines page in a real Chromium follows it step by step.
 */
@ExtendWith(Browser.Screenshots.class)
class MachinesIT {
    static final String HOSTILE = "<img src=x onerror=alert(1)>";
    static PsServer server;
    static PsHandler handler;
    static final Logger FSM_LOGGER = Logger.getLogger("ps.fsm");

    @BeforeAll
    static void start() throws Exception {
        server = PsServer.start(PsServer.dataDir("machines"));
        handler = new PsHandler(new PsHandler.Settings().host("localhost").port(server.nativePort)
                .stage(Stage.TESTING).system("shop").spool("none").maxBackoff(Duration.ofSeconds(1)));
        FSM_LOGGER.addHandler(handler);
    }

    Browser browser;

    @AfterEach
    void closeBrowser() throws Exception {
        if (browser != null) {
            try {
                browser.close();
            } catch (org.openqa.selenium.WebDriverException e) {
                // seen on a machine loaded far beyond its cores: chromedriver slow to quit after the test passed
                System.err.println("MachinesIT: the browser did not quit in time: " + e.getMessage().lines().findFirst().orElse(""));
            } finally {
                browser = null;
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (handler != null) {
            FSM_LOGGER.removeHandler(handler);
            handler.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    /** A nightly transfer whose handlers wait for the test to hand them their event. */
    static FiniteStateMachine<BlockingQueue<String>> nightly(String name) {
        FiniteStateMachine<BlockingQueue<String>> fsm = new FiniteStateMachine<>(name);
        State<BlockingQueue<String>> fetch = fsm.state("fetch", MachinesIT::next).asInitial().doc("fetches the files");
        State<BlockingQueue<String>> check = fsm.state("check", MachinesIT::next).doc("checks the sums");
        State<BlockingQueue<String>> load = fsm.state("load", MachinesIT::next).doc("loads the database");
        State<BlockingQueue<String>> done = fsm.state("done", MachinesIT::next).asFinal();
        State<BlockingQueue<String>> failed = fsm.state("failed", MachinesIT::next).asError().asFinal()
                .mailTo("ops@example.com");
        fetch.on("fetched", check).on("retry", fetch).otherwise(failed);
        check.on("ok", load).otherwise(failed);
        load.on("loaded", done).on("partial", check).otherwise(failed);
        return fsm;
    }

    private static String next(State<BlockingQueue<String>> state, BlockingQueue<String> events) throws InterruptedException {
        String event = events.poll(120, TimeUnit.SECONDS);
        return event == null ? "timeout" : event;
    }

    @Test
    void aRunningMachineComesBackOverTheApiAndAsAPictureAndThePageFollowsIt() throws Exception {
        FiniteStateMachine<BlockingQueue<String>> fsm = nightly("nightly");
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> fsm.run(events).name());

        JsonObject machine = awaitMachine("nightly", m -> "fetch".equals(text(m, "state")));
        assertEquals("shop", machine.getString("system"));
        assertEquals(5, machine.getJsonArray("states").size());
        assertEquals(5, machine.getJsonArray("transitions").size());
        assertTrue(machine.getJsonArray("states").getJsonObject(0).getBoolean("initial"));
        assertEquals(JsonValue.ValueType.STRING, machine.get("since").getValueType());
        assertTrue(machine.getString("since").endsWith("Z"), "ISO-8601 with zone: " + machine.getString("since"));

        HttpResponse<String> svg = server.get("/api/" + machine.getString("svg"));
        assertEquals(200, svg.statusCode(), svg.body());
        assertTrue(svg.headers().firstValue("content-type").orElse("").startsWith("image/svg+xml"));
        assertTrue(svg.headers().firstValue("content-security-policy").orElse("").contains("default-src 'none'"));
        Document picture = parse(svg.body());
        assertEquals(Set.of("fetch", "check", "load", "done", "failed"), attributes(picture, "g", "data-state"));
        assertEquals(Set.of("fetched", "retry", "ok", "loaded", "partial", "error", "send email"), labels(picture));
        assertEquals("fetch", current(picture));

        {
            browser = new Browser(server);
            browser.login("admin", PsServer.ADMIN_PASSWORD);
            browser.open("/machines.xhtml");
            String current = "section.ps-machine[data-machine='nightly'] g.state.current";
            awaitJs("return document.querySelector(\"" + current + "\")?.getAttribute(\"data-state\")", "fetch");
            String stateLine = "return document.querySelector(\"section.ps-machine[data-machine='nightly'] .ps-machine-state\")?.textContent";
            assertTrue(((String) js(stateLine)).contains("Current state fetch for"), (String) js(stateLine));
            js("window.psStillTheSamePage = true; return null");

            events.put("fetched");
            awaitJs("return document.querySelector(\"" + current + "\")?.getAttribute(\"data-state\")", "check");
            events.put("ok");
            awaitJs("return document.querySelector(\"" + current + "\")?.getAttribute(\"data-state\")", "load");
            String steps = (String) js("return document.querySelector(\"section.ps-machine[data-machine='nightly'] .ps-machine-steps\")?.textContent");
            assertTrue(steps.contains("fetched") && steps.contains("ok"), steps);
            assertEquals(1L, js("return document.querySelectorAll(\"" + current + "\").length"));

            events.put("loaded");
            events.put("stop");
            assertEquals("done", run.get(30, TimeUnit.SECONDS));
            awaitJs("return document.querySelector(\"" + current + "\")?.getAttribute(\"data-state\")", "done");
            browser.await(Duration.ofSeconds(10)).until(driver -> String.valueOf(js(stateLine)).contains("Last state done"));
            assertEquals(Boolean.TRUE, js("return window.psStillTheSamePage === true"), "followed without reloading the page");
        }
        JsonObject ended = awaitMachine("nightly", m -> "final".equals(text(m, "ended")));
        assertEquals("done", ended.getString("state"));
        List<String> recentEvents = new ArrayList<>();
        ended.getJsonArray("recent").forEach(step -> recentEvents.add(step.asJsonObject().getString("event")));
        assertEquals(List.of("fetched", "ok", "loaded", "stop"), recentEvents);
    }

    @Test
    void hostileStateNamesStayTextInThePictureAndOnThePage() throws Exception {
        FiniteStateMachine<Object> fsm = new FiniteStateMachine<>("hostile");
        State<Object> a = fsm.state(HOSTILE, (state, c) -> "<script>alert(2)</script>").asInitial()
                .doc("\"/><script>alert(3)</script>");
        State<Object> b = fsm.state("b'\"><svg onload=alert(4)>", (state, c) -> "end").asFinal();
        a.otherwise(b);
        fsm.run("context");
        JsonObject machine = awaitMachine("hostile", m -> "final".equals(text(m, "ended")));
        HttpResponse<String> svg = server.get("/api/" + machine.getString("svg"));
        assertEquals(200, svg.statusCode(), svg.body());
        assertFalse(svg.body().contains("<script"), svg.body());
        assertFalse(svg.body().contains("<img"), svg.body());
        assertFalse(svg.body().contains("<svg onload"), svg.body());
        assertEquals(Set.of(HOSTILE, "b'\"><svg onload=alert(4)>"), attributes(parse(svg.body()), "g", "data-state"));

        {
            browser = new Browser(server);
            browser.login("admin", PsServer.ADMIN_PASSWORD);
            browser.open("/machines.xhtml");
            browser.await(Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("section.ps-machine[data-machine='hostile'] g.state.current")));
            assertFalse(browser.alertPresent(), "a state name opened a dialog");
            assertTrue(browser.driver.findElements(By.cssSelector("section.ps-machine img")).isEmpty());
            assertTrue(browser.driver.findElement(By.cssSelector("section.ps-machine[data-machine='hostile'] h2"))
                    .getText().contains("hostile"));
        }
    }

    @Test
    void anUnknownMachineIsA404AndTheListNeedsALogin() throws Exception {
        assertEquals(404, server.get("/api/machines/shop/nothing-here.svg").statusCode());
        assertEquals(401, server.getAnonymously("/api/machines").statusCode());
        String openapi = server.getAnonymously("/openapi").body();
        assertTrue(openapi.contains("/api/machines") || openapi.contains("/machines"), "machines in the OpenAPI document");
        assertTrue(openapi.contains(".svg"), "the picture in the OpenAPI document");
    }

    private Object js(String script) {
        return ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(script);
    }

    /** Waits until the script's result is the expected text; the page's poll replaces elements, so no element is held. */
    private void awaitJs(String script, String expected) {
        browser.await(Duration.ofSeconds(30)).until(driver -> expected.equals(js(script)));
    }

    private static JsonObject awaitMachine(String name, Predicate<JsonObject> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = server.get("/api/machines");
            assertEquals(200, response.statusCode(), response.body());
            for (JsonValue value : Json.createReader(new StringReader(response.body())).readObject().getJsonArray("machines")) {
                JsonObject machine = value.asJsonObject();
                if (machine.getString("name").equals(name)) {
                    last = machine;
                    if (condition.test(machine)) {
                        return machine;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("machine " + name + " never reached the expected state; last seen: " + last);
    }

    private static String text(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value instanceof jakarta.json.JsonString string ? string.getString() : null;
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static Set<String> attributes(Document document, String tag, String attribute) {
        Set<String> values = new TreeSet<>();
        NodeList nodes = document.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element element = (Element) nodes.item(i);
            if (element.hasAttribute(attribute)) {
                values.add(element.getAttribute(attribute));
            }
        }
        return values;
    }

    private static Set<String> labels(Document document) {
        Set<String> labels = new TreeSet<>();
        NodeList texts = document.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element text = (Element) texts.item(i);
            if ("label".equals(text.getAttribute("class"))) {
                labels.add(text.getTextContent());
            }
        }
        return labels;
    }

    private static String current(Document document) {
        NodeList groups = document.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element group = (Element) groups.item(i);
            if (group.getAttribute("class").contains("current")) {
                return group.getAttribute("data-state");
            }
        }
        return null;
    }
}
