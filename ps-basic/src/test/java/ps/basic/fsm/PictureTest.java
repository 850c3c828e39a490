package ps.basic.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class PictureTest {

    @Test
    void dotTextOfASmallMachine() {
        assertEquals("""
                digraph "t1" {
                  rankdir=LR;
                  node [shape=circle];
                  __start [shape=point, style=invis];
                  "count" [tooltip="adds one"];
                  "done" [shape=doublecircle, tooltip="all counted"];
                  "failed" [shape=doublecircle, color=red, fontcolor=red, tooltip=""];
                  __start -> "count";
                  "count" -> "count" [label="more"];
                  "count" -> "done" [label="enough"];
                  "count" -> "failed" [label="error", color=red, fontcolor=red];
                  "mail:failed:0" [label="ops@example.com", shape=box, style=filled];
                  "failed" -> "mail:failed:0" [label="send email", style=dashed];
                }
                """, FiniteStateMachineTest.counter("t1").dot());
    }

    @Test
    void theSvgHoldsEveryStateAndEdgeLabelAndParses() throws Exception {
        FiniteStateMachine<int[]> fsm = FiniteStateMachineTest.counter("t2");
        State<int[]> done = fsm.get("done");
        fsm.get("done").on("again", fsm.get("count")); // a back edge
        fsm.process(java.util.List.of("enough"));
        Document svg = parse(fsm.svg());
        assertEquals("t2", svg.getDocumentElement().getElementsByTagName("title").item(0).getTextContent());
        NodeList groups = svg.getElementsByTagName("g");
        java.util.Set<String> states = new java.util.TreeSet<>();
        java.util.Set<String> labels = new java.util.TreeSet<>();
        String current = null;
        for (int i = 0; i < groups.getLength(); i++) {
            Element group = (Element) groups.item(i);
            if (group.getAttribute("class").startsWith("state")) {
                states.add(group.getAttribute("data-state"));
                if (group.getAttribute("class").contains("current")) {
                    current = group.getAttribute("data-state");
                }
            }
        }
        NodeList texts = svg.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element text = (Element) texts.item(i);
            if ("label".equals(text.getAttribute("class"))) {
                labels.add(text.getTextContent());
            }
        }
        assertEquals(java.util.Set.of("count", "done", "failed"), states);
        assertEquals(java.util.Set.of("more", "enough", "error", "again", "send email"), labels);
        assertEquals(done.name(), current);
        assertTrue(fsm.svg().contains("class=\"state final error\""));
        assertTrue(fsm.svg().contains("stroke-dasharray"), "the send email edge is dashed");
    }

    @Test
    void hostileNamesAndDocsStayText() throws Exception {
        FiniteStateMachine<Object> fsm = new FiniteStateMachine<>("<script>alert(1)</script>");
        State<Object> a = fsm.state("<img src=x onerror=alert(1)>", (s, c) -> "x").asInitial()
                .doc("\"/><script>alert(2)</script>&amp;\u0000\u0007\ud800");
        State<Object> b = fsm.state("b\" onmouseover=\"alert(3)", (s, c) -> "x").asFinal();
        a.on("]]><script>alert(4)</script>", b).otherwise(b);
        String svg = fsm.svg();
        assertFalse(svg.contains("<script"), svg);
        assertFalse(svg.contains("<img"), svg);
        assertFalse(svg.contains("\" onmouseover"), svg);
        Document document = parse(svg); // well-formed despite control characters and a lone surrogate
        assertEquals(0, document.getElementsByTagName("script").getLength());
        String dot = fsm.dot();
        assertTrue(dot.contains("\"b\\\" onmouseover=\\\"alert(3)\""), dot);
    }

    @Test
    void aTwentyStateMachineLaysOutWithoutOverlap() throws Exception {
        MachineDefinition machine = PictureBenchmark.twentyStates().definition();
        String svg = Picture.svg(machine, "s7");
        Document document = parse(svg);
        NodeList circles = document.getElementsByTagName("circle");
        java.util.List<double[]> outer = new java.util.ArrayList<>();
        for (int i = 0; i < circles.getLength(); i++) {
            Element circle = (Element) circles.item(i);
            outer.add(new double[] {Double.parseDouble(circle.getAttribute("cx")), Double.parseDouble(circle.getAttribute("cy")),
                    Double.parseDouble(circle.getAttribute("r"))});
        }
        for (int i = 0; i < outer.size(); i++) {
            for (int j = i + 1; j < outer.size(); j++) {
                double[] p = outer.get(i);
                double[] q = outer.get(j);
                if (p[0] == q[0] && p[1] == q[1]) {
                    continue; // a final state's inner circle
                }
                assertTrue(Math.hypot(p[0] - q[0], p[1] - q[1]) >= p[2] + q[2], "circles " + i + " and " + j + " overlap");
            }
        }
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
